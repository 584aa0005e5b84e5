import { z } from 'zod';

/** Units of one level by kind, as the statistical code segment classifies them (`geodata/sources/PROVENANCE.md`). */
export const aboutLevelSchema = z.object({
  total: z.number().int(),
  byKind: z.record(z.string(), z.number().int()),
  synthetic: z.number().int().describe('units whose geometry is generated, not surveyed'),
});

/** One district's area in the database beside an official figure, where one is cited. */
export const aboutDistrictAreaSchema = z.object({
  code: z.string(),
  name: z.string(),
  areaKm2: z.number().describe('ST_Area on the spheroid (geography), km²'),
  officialKm2: z.number().nullable(),
  officialSource: z.string().nullable(),
  /** (areaKm2 − officialKm2) / officialKm2, e.g. 0.10 for +10 % */
  difference: z.number().nullable(),
  source: z.string().describe('where the boundary came from, as stored on the district'),
});

/** A figure of the source article and how the data's count relates to it. */
export const aboutArticleFigureSchema = z.object({
  article: z.number().int(),
  articleText: z.string(),
  data: z.number().int(),
  explanation: z.string(),
});

/** `GET /api/about/data`: what the data is, counted from the database, and where it comes from. */
export const aboutDataSchema = z.object({
  districts: aboutLevelSchema,
  streets: aboutLevelSchema,
  communities: aboutLevelSchema,
  gridCells: aboutLevelSchema,
  codeVintages: z.array(z.string()),
  districtAreas: z.array(aboutDistrictAreaSchema),
  article: z.object({ streets: aboutArticleFigureSchema, communities: aboutArticleFigureSchema }),
  sources: z.array(z.object({ what: z.string(), source: z.string(), licence: z.string() })),
});

export type AboutLevel = z.infer<typeof aboutLevelSchema>;
export type AboutDistrictArea = z.infer<typeof aboutDistrictAreaSchema>;
export type AboutData = z.infer<typeof aboutDataSchema>;
