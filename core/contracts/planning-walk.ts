import { z } from 'zod';
import { areaCodeSchema, exportFormatSchema, kindsSchema } from './planning.ts';

/** Request/response shapes of the walking life circles (生活圈达标率) and isochrones, shared by server and /plan. */

export const lifeCircleQuerySchema = z.object({
  kinds: kindsSchema.optional(),
  level: z.enum(['street', 'community']).default('community'),
  area: areaCodeSchema.optional(),
});
export type LifeCircleQuery = z.infer<typeof lifeCircleQuerySchema>;

export const lifeCircleFiguresSchema = z.object({
  compounds: z.number().int(),
  households: z.number().int(),
  /** households whose walk to the nearest site of the kinds is at most 5 / 10 / 15 minutes */
  within5: z.number().int(),
  within10: z.number().int(),
  within15: z.number().int(),
  /** within ÷ households (null without households): the 达标率 of each life circle */
  share5: z.number().nullable(),
  share10: z.number().nullable(),
  share15: z.number().nullable(),
  /** household-weighted median walk to the nearest site, minutes (null beyond an hour) */
  medianMinutes: z.number().nullable(),
});
export type LifeCircleFigures = z.infer<typeof lifeCircleFiguresSchema>;

export const lifeCircleRowSchema = lifeCircleFiguresSchema.extend({ code: z.string(), name: z.string() });
export type LifeCircleRow = z.infer<typeof lifeCircleRowSchema>;

export const lifeCircleResponseSchema = z.object({
  kinds: z.array(z.string()),
  minutes: z.array(z.number().int()),
  speedMps: z.number(),
  level: z.enum(['street', 'community']),
  area: z.string().nullable(),
  rows: z.array(lifeCircleRowSchema),
  totals: lifeCircleFiguresSchema,
  /** pgrouting on a PostGIS server with the extension, dijkstra (TypeScript) otherwise */
  engine: z.enum(['pgrouting', 'dijkstra']),
  method: z.string(),
});
export type LifeCircleResponse = z.infer<typeof lifeCircleResponseSchema>;

export const lifeCircleExportQuerySchema = lifeCircleQuerySchema.extend({ format: exportFormatSchema.default('geojson') });

export const isochroneQuerySchema = z.object({
  /** the site's code; or `lon`+`lat`: the nearest site of `kinds` (default the mediation kinds) to that point */
  site: z.string().min(1).max(64).optional(),
  lon: z.coerce.number().min(-180).max(180).optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  kinds: kindsSchema.optional(),
  /** comma-separated minutes, each 1–30 (default 5,10,15) */
  minutes: z
    .string()
    .regex(/^\d{1,2}(,\d{1,2}){0,5}$/, 'comma-separated whole minutes, e.g. 5,10,15')
    .transform((v) => [...new Set(v.split(',').map(Number))].sort((a, b) => a - b))
    .refine((list) => list.every((m) => m >= 1 && m <= 30), 'each of minutes must be 1–30')
    .optional(),
});

export const isochroneFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({ minutes: z.number().int() }),
  geometry: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }).nullable(),
});

export const isochroneResponseSchema = z.object({
  type: z.literal('FeatureCollection'),
  site: z.object({ code: z.string(), name: z.string(), kind: z.string(), lon: z.number(), lat: z.number() }),
  /** the walk from the site to its nearest network vertex, metres */
  accessM: z.number(),
  engine: z.enum(['pgrouting', 'dijkstra']),
  method: z.string(),
  features: z.array(isochroneFeatureSchema),
});
export type IsochroneResponse = z.infer<typeof isochroneResponseSchema>;
