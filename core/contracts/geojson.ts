import { z } from 'zod';

/**
 * A GeoJSON FeatureCollection as the downloads write it (RFC 7946; members beyond the RFC's, such as
 * a scenario's `metadata`, are allowed, as the RFC allows foreign members).
 */
export const geoJsonFeatureCollectionSchema = z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.looseObject({
      type: z.literal('Feature'),
      id: z.union([z.string(), z.number()]).optional(),
      geometry: z.looseObject({ type: z.string() }).nullable(),
      properties: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});
