import { z } from 'zod';
import { periodEndSchema } from './instant.ts';

/**
 * Map edits (#20 item 4): split, merge and redraw grids and communities, add, move and retire sites.
 * Every edit carries a reason and is kept with who and when in the edit log; the boundaries it replaces
 * stay queryable "as of" any earlier date. See docs/editing.md.
 */
const gridCode = z.string().regex(/^[0-9]{14}$/, 'a 14-digit grid code');
const communityCode = z.string().regex(/^[0-9]{12}$/, 'a 12-digit community code');
const siteCode = z.string().min(1).max(40);
const reason = z.string().trim().min(2, 'say why (at least 2 characters)').max(500);
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4, 'a ring needs at least 4 positions');
export const polygonSchema = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(50) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1).max(50) }),
]);
const lineSchema = z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2).max(1000) });
const pointSchema = z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) });

export const boundaryEditSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('split'), reason, grid: gridCode, line: lineSchema, name: z.string().trim().min(1).max(60).optional() }),
  z.object({ kind: z.literal('merge'), reason, grids: z.array(gridCode).min(2).max(20), name: z.string().trim().min(1).max(60).optional() }),
  z.object({
    kind: z.literal('redraw'),
    reason,
    community: communityCode,
    /** the community's new boundary; omitted: only its grids are redrawn */
    boundary: polygonSchema.optional(),
    grids: z.array(z.object({ code: gridCode, geometry: polygonSchema })).max(200),
  }),
  z.object({
    kind: z.literal('site_add'),
    reason,
    site: z.object({ code: siteCode, kind: z.string().min(1).max(40), name: z.string().trim().min(1).max(100), address: z.string().max(200).optional() }),
    at: pointSchema,
  }),
  z.object({ kind: z.literal('site_move'), reason, site: siteCode, at: pointSchema }),
  z.object({ kind: z.literal('site_retire'), reason, site: siteCode }),
]);
export type BoundaryEdit = z.infer<typeof boundaryEditSchema>;
export const boundaryEditKinds = ['split', 'merge', 'redraw', 'site_add', 'site_move', 'site_retire'] as const;

export const boundaryEditResultSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.enum(boundaryEditKinds),
  target: z.string(),
  /** codes that came into being, changed shape or place, and were retired */
  created: z.array(z.string()),
  changed: z.array(z.string()),
  retired: z.array(z.string()),
});
export type BoundaryEditResult = z.infer<typeof boundaryEditResultSchema>;

export const boundaryEditLogQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  target: z.string().max(40).optional(),
});
export const boundaryEditLogSchema = z.object({
  items: z.array(boundaryEditResultSchema.extend({ username: z.string(), reason: z.string(), payload: z.record(z.string(), z.unknown()) })),
});

/** `asOf`: a day (its end, Asia/Shanghai) or an instant; omitted = now. `area`: a district, street or community code. */
export const asOfQuerySchema = z.object({
  area: z.string().regex(/^[0-9]{6}([0-9]{3}){0,2}$/, 'a 6-, 9- or 12-digit area code'),
  asOf: periodEndSchema.optional(),
});

const versionProps = { code: z.string(), name: z.string(), kind: z.string(), validFrom: z.string().nullable(), validTo: z.string().nullable() };
export const gridsAsOfSchema = z.object({
  type: z.literal('FeatureCollection'),
  asOf: z.string(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.any()) }),
      properties: z.object({ ...versionProps, parentCode: z.string() }),
    }),
  ),
});
export const sitesAsOfSchema = z.object({
  type: z.literal('FeatureCollection'),
  asOf: z.string(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }),
      properties: z.object({ ...versionProps, communityCode: z.string().nullable() }),
    }),
  ),
});
