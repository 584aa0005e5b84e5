import { z } from 'zod';
import { inputCrs } from './field-coords.ts';
import { incidentSchema } from './incidents.ts';

/** Request/response shapes of the field app's endpoints: /api/locate, /api/search, /api/locate/incidents. */

/** A query-string number: "123.4" → 123.4; empty, "abc", "1e999" refused with the field's name. */
const coordinate = (name: 'lon' | 'lat', min: number, max: number) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, `${name} must be a decimal number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be ≥ ${min}`).max(max, `${name} must be ≤ ${max}`));

export const locateQuerySchema = z.object({
  lon: coordinate('lon', -180, 180),
  lat: coordinate('lat', -90, 90),
  /** the coordinate system of lon/lat (default WGS-84); the answer is always WGS-84 */
  crs: z.enum(inputCrs).default('wgs84'),
});
export type LocateQuery = z.infer<typeof locateQuerySchema>;

const lonLat = z.object({ lon: z.number(), lat: z.number() });
const area = z.object({ code: z.string(), name: z.string() });

export const nearbySiteSchema = z.object({
  code: z.string(),
  kind: z.string(),
  /** 评理说事点, 个人调解室, 平安守望岗 … and the English name */
  kindName: z.string(),
  kindNameEn: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  location: lonLat,
  /** geodesic distance on the WGS-84 spheroid, metres */
  distanceM: z.number(),
  /** initial bearing from the caller to the site, degrees clockwise from north, [0, 360) */
  bearingDeg: z.number(),
});
export type NearbySite = z.infer<typeof nearbySiteSchema>;

export const locateResultSchema = z.object({
  /** the located point in WGS-84 (converted when crs was gcj02/bd09); `crs` is sent when the query named WGS-84 */
  location: lonLat.extend({ crs: z.literal('wgs84').optional() }),
  district: area,
  street: area.nullable(),
  community: area.extend({ kind: z.string() }).nullable(),
  grid: area.extend({ kind: z.string(), dedicatedType: z.string().nullable(), synthetic: z.boolean() }).nullable(),
  /**
   * The grid's responsible worker. name/phone masked (张*, 138****5678), and null when the grid is
   * outside the caller's area (`inScope: false`).
   */
  worker: z.object({ code: z.string(), name: z.string().nullable(), phone: z.string().nullable(), employment: z.string(), inScope: z.boolean() }).nullable(),
  /** 5 nearest mediation points and rooms (评理说事点, 个人调解室) */
  mediationSites: z.array(nearbySiteSchema),
  /** 5 nearest watch posts (平安守望岗) */
  watchPosts: z.array(nearbySiteSchema),
  /** 5 nearest sites of the kinds whose registry locate group is 'other' (site_kinds.locate_group; kinds added as data) */
  otherSites: z.array(nearbySiteSchema),
});
export type LocateResult = z.infer<typeof locateResultSchema>;

export const searchQuerySchema = z.object({
  q: z
    .string({ error: 'q is required' })
    .transform((value) => value.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' '))
    .pipe(z.string().min(1, 'q must not be empty').max(40, 'q must be at most 40 characters')),
  limit: z.coerce.number().int().min(1).max(20).default(20),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** `worker`: grid workers by name, for signed-in staff only (masked, in the caller's area) */
export const searchKinds = ['district', 'street', 'community', 'grid', 'site', 'compound', 'place', 'worker'] as const;

export const searchHitSchema = z.object({
  kind: z.enum(searchKinds),
  code: z.string(),
  name: z.string(),
  subkind: z.string().nullable(),
  /** enclosing areas, "沈河区 · 大西街道" */
  context: z.string(),
  /** how it matched: name, code, pinyin, initials (exact, prefix or substring) */
  match: z.string(),
  /** [west, south, east, north] in WGS-84; a point site has west = east and south = north */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type SearchHit = z.infer<typeof searchHitSchema>;
export const searchResultSchema = z.object({ query: z.string(), items: z.array(searchHitSchema) });
export type SearchResult = z.infer<typeof searchResultSchema>;

export const nearbyIncidentsQuerySchema = z.object({
  lon: coordinate('lon', -180, 180),
  lat: coordinate('lat', -90, 90),
  category: z.string({ error: 'category is required' }).min(1).max(40),
  /** metres, default 50 (the duplicate hint before a report) */
  radius: z.coerce.number({ error: 'radius must be a number' }).min(1).max(500).default(50),
});
export type NearbyIncidentsQuery = z.infer<typeof nearbyIncidentsQuerySchema>;

export const nearbyIncidentSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  category: z.string(),
  status: z.string(),
  description: z.string().nullable(),
  reportedAt: z.string(),
  distanceM: z.number(),
  location: lonLat,
  /** false: the case lies outside the caller's area; its description (free text, may name people) is withheld */
  inScope: z.boolean(),
});
export type NearbyIncident = z.infer<typeof nearbyIncidentSchema>;
export const nearbyIncidentsResultSchema = z.object({ items: z.array(nearbyIncidentSchema) });

const registryEntry = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() });
/** `GET /api/field/categories`: what a report may be (a dispute also needs a dispute type). */
export const fieldCategoriesSchema = z.object({
  categories: z.array(registryEntry.extend({ group: z.string() })),
  disputeTypes: z.array(registryEntry),
});
export type FieldCategories = z.infer<typeof fieldCategoriesSchema>;

/**
 * `GET /api/field/tasks`: one case of a grid worker's inbox (我的待办). `assignedTo` is `me` for a case
 * dispatched to the worker by name, `grid` for one in the worker's grids dispatched to no worker.
 */
export const fieldTaskSchema = incidentSchema.extend({ assignedTo: z.enum(['me', 'grid']) });
export type FieldTask = z.infer<typeof fieldTaskSchema>;
/** Overdue first, then the nearest stage deadline, then the newest dispatch; `serverTime` anchors the phone's countdown. */
export const fieldTasksSchema = z.object({ items: z.array(fieldTaskSchema), serverTime: z.string() });
export type FieldTasks = z.infer<typeof fieldTasksSchema>;
