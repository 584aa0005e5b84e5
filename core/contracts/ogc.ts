import { z } from 'zod';

/** Query parameters of the OGC API – Features routes (`/ogc`). Property filters are the other keys. */

export const ogcFormatSchema = z.object({
  /** `json` (GeoJSON for items) or `html`; without it the Accept header decides */
  f: z.enum(['json', 'html']).optional(),
});

export const maxItemsLimit = 10_000;

export const ogcItemsQuerySchema = ogcFormatSchema.extend({
  /** minLon,minLat,maxLon,maxLat (in `bbox-crs`, default CRS84); 6 numbers with heights are accepted */
  bbox: z.string().max(200).optional(),
  'bbox-crs': z.string().max(200).optional(),
  /** output CRS: CRS84 (default), EPSG:4326, EPSG:4490 or EPSG:3857, as URI */
  crs: z.string().max(200).optional(),
  /** page size, 1–10000 (larger values are lowered to 10000), default 100 */
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(100)
    .transform((n) => Math.min(n, maxItemsLimit)),
  /** incidents only: RFC 3339 instant or interval (`a/b`, `../b`, `a/..`) on reported_at */
  datetime: z.string().max(100).optional(),
  /** opaque paging key taken from a `next` link */
  after: z.string().max(80).optional(),
});
export type OgcItemsQuery = z.infer<typeof ogcItemsQuerySchema>;

export const ogcItemQuerySchema = ogcFormatSchema.extend({ crs: ogcItemsQuerySchema.shape.crs });

export const ogcLinkSchema = z.object({
  href: z.string(),
  rel: z.string(),
  type: z.string().optional(),
  title: z.string().optional(),
});

export const ogcCollectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  links: z.array(ogcLinkSchema),
  extent: z.object({
    spatial: z.object({ bbox: z.array(z.array(z.number())), crs: z.string() }),
    temporal: z.object({ interval: z.array(z.array(z.string().nullable())), trs: z.string() }).optional(),
  }),
  itemType: z.literal('feature'),
  crs: z.array(z.string()),
  storageCrs: z.string(),
});

/** One GeoJSON feature of a collection; incidents carry their photos as `enclosure` links. */
export const ogcFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.unknown(),
  properties: z.record(z.string(), z.unknown()),
  links: z.array(ogcLinkSchema).optional(),
});

export const ogcFeatureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(ogcFeatureSchema),
  links: z.array(ogcLinkSchema),
  timeStamp: z.string(),
  /** features matching the filters on all pages; absent when too many to count cheaply */
  numberMatched: z.number().int().optional(),
  numberReturned: z.number().int(),
});
