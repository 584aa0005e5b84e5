import { z } from 'zod';
import { tileLayerIds } from '../tiles/layer-ids.ts';
import { instantSchema, periodEndSchema } from './instant.ts';

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
  /** URL templates (`…/{z}/{x}/{y}.pbf?v=…`): the braces make them no URI, so no `uri` format */
  tiles: z.array(z.string().regex(/^https?:\/\/\S+\{z\}\S*$/, 'an http(s) URL template with {z}/{x}/{y}')).min(1),
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

const level = z.enum(['district', 'street', 'community', 'grid']);
const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/** `GET /api/layers/areas/{code}`: the info card of a district, street, community or grid cell. */
export const areaCardSchema = z.object({
  code: z.string(),
  name: z.string(),
  level,
  kind: z.string().nullable(),
  synthetic: z.boolean(),
  chain: z.array(z.object({ code: z.string(), name: z.string(), level, bbox })),
  bbox,
  households: z.number().int(),
  population: z.number().int(),
  gridCount: z.number().int(),
  compounds: z.number().int(),
  volunteers: z.number().int(),
  /** grid cells only; name and phone are null here, masked ones come from `/worker` for signed-in roles */
  worker: z.object({ code: z.string(), name: z.null(), phone: z.null(), employment: z.string() }).nullable(),
  sites: z.array(z.object({ code: z.string(), kind: z.string(), name: z.string() })),
  siteCounts: z.record(z.string(), z.number().int()),
});
export type AreaCard = z.infer<typeof areaCardSchema>;

/** `GET /api/layers/areas/{grid}/worker`: the responsible grid worker, masked (张*, 138****5678). */
export const gridWorkerContactSchema = z.object({ code: z.string(), name: z.string().nullable(), phone: z.string().nullable(), employment: z.string() });
export type GridWorkerContact = z.infer<typeof gridWorkerContactSchema>;

export const areaCodeParamSchema = z.object({
  code: z.string().regex(/^([0-9]{6}|[0-9]{9}|[0-9]{12}|[0-9]{14})$/, 'code must be an area code of 6, 9, 12 or 14 digits'),
});

const list = (field: string) =>
  z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/, `${field} must be comma-separated codes`)
    .transform((value) => value.split(','))
    .optional();

/**
 * Filters of the incident layer: categories, statuses, reported between `from` and `to` as every period
 * in the API takes them (core/contracts/instant.ts): a bare date is a local day, and `to` includes it.
 */
export const incidentLayerQuerySchema = z
  .object({ category: list('category'), status: list('status'), from: instantSchema.optional(), to: periodEndSchema.optional() })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['to'] });
export type IncidentLayerQuery = z.infer<typeof incidentLayerQuerySchema>;

/** `GET /api/layers/coverage`: radius in metres (100–3000), optional area code prefix. */
export const coverageQuerySchema = z.object({
  radius: z.coerce.number().int().min(100).max(3000).default(500),
  area: z
    .string()
    .regex(/^([0-9]{6}|[0-9]{9}|[0-9]{12})$/, 'area must be a district, street or community code')
    .optional(),
});

export const coverageResponseSchema = z.object({
  radius: z.number(),
  version: z.number(),
  grids: z.object({
    code: z.array(z.string()),
    population: z.array(z.number()),
    volunteers: z.array(z.number()),
    /** volunteers per 1,000 residents (null where nobody lives) */
    per1000: z.array(z.number().nullable()),
    /** share of the cell within `radius` of a staffed watch post, 0–1 */
    covered: z.array(z.number()),
  }),
  posts: z.object({
    code: z.array(z.string()),
    name: z.array(z.string()),
    lon: z.array(z.number()),
    lat: z.array(z.number()),
    volunteers: z.array(z.number()),
  }),
});
export type CoverageResponse = z.infer<typeof coverageResponseSchema>;
