import { z } from 'zod';
import { tileLayerIds } from '../../db/tiles/layers.ts';

export const tileLayerIdSchema = z.enum(tileLayerIds);

const integer = (field: string, max?: number) =>
  z
    .string()
    .regex(/^[0-9]{1,9}$/, `${field} must be a non-negative integer`)
    .transform(Number)
    .refine((value) => max === undefined || value <= max, `${field} must be at most ${max}`);

/** `/tiles/{layer}/{z}/{x}/{y}[.mvt|.pbf]`; x and y are checked against z by the handler. */
export const tileParamsSchema = z.object({
  layer: z.string(),
  z: integer('z', 24),
  x: integer('x'),
  y: z
    .string()
    .regex(/^[0-9]{1,9}(\.(mvt|pbf))?$/, 'y must be a non-negative integer, optionally with .mvt or .pbf')
    .transform((value) => Number.parseInt(value, 10)),
});

export const tileQuerySchema = z.object({ v: integer('v').optional() });

/** TileJSON 3.0.0 (the fields we write; see https://github.com/mapbox/tilejson-spec). */
export const tileJsonSchema = z.object({
  tilejson: z.literal('3.0.0'),
  name: z.string(),
  description: z.string(),
  version: z.string(),
  attribution: z.string(),
  scheme: z.literal('xyz'),
  tiles: z.array(z.string().url()).min(1),
  minzoom: z.number().int().min(0).max(30),
  maxzoom: z.number().int().min(0).max(30),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  center: z.tuple([z.number(), z.number(), z.number()]),
  vector_layers: z
    .array(
      z.object({
        id: z.string(),
        description: z.string(),
        minzoom: z.number().int(),
        maxzoom: z.number().int(),
        fields: z.record(z.string(), z.string()),
      }),
    )
    .min(1),
});
export type TileJson = z.infer<typeof tileJsonSchema>;

export const ATTRIBUTION = 'district boundaries: AMap (高德), for demonstration; areas below district level are synthetic';
