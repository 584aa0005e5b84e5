import { z } from 'zod';

/**
 * `/style.json`: a MapLibre style (spec v8). Only what a client needs to trust is fixed here; the rest
 * is the MapLibre style specification's (https://maplibre.org/maplibre-style-spec/).
 */
export const mapStyleSchema = z.looseObject({
  version: z.literal(8),
  name: z.string().optional(),
  sources: z.record(z.string(), z.looseObject({ type: z.string() })),
  layers: z.array(z.looseObject({ id: z.string(), type: z.string() })),
});
