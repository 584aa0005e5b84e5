import { z } from 'zod';
import { listIncidentsQuerySchema } from './incidents.ts';

/** Query of /api/exports: the file format; layers also take a bbox and property filters (column=value). */
export const exportFormats = ['csv', 'geojson', 'gpkg'] as const;

export const exportLayerQuerySchema = z.object({
  /** csv: UTF-8 with BOM (Excel), points as lon/lat and areas as wkt columns, as the importers read them */
  format: z.enum(exportFormats).default('geojson'),
  /** minLon,minLat,maxLon,maxLat */
  bbox: z.string().max(200).optional(),
});

/** The incident list's filters (area, category, status, from, to, overdue), all rows instead of pages. */
export const exportIncidentsQuerySchema = listIncidentsQuerySchema.omit({ cursor: true, limit: true }).extend({
  format: z.enum(exportFormats).default('geojson'),
});
