import { z } from 'zod';
import { instantDateSchema, periodEndDateSchema } from './instant.ts';

/** Request/response shapes of /api/coverage and /api/hotspots (planning), shared by server and /plan. */

export const coverageLevels = ['district', 'street', 'community', 'grid'] as const;
export type CoverageLevel = (typeof coverageLevels)[number];
export const areaCodeSchema = z.string().regex(/^(\d{6}|\d{9}|\d{12}|\d{14})$/, 'an area code of 6, 9, 12 or 14 digits');

/** Comma-separated site kinds; checked against the site_kinds registry by the handler. */
export const kindsSchema = z
  .string()
  .regex(/^[a-z_]+(,[a-z_]+)*$/, 'comma-separated site kinds, e.g. mediation_point,mediation_room')
  .max(400)
  .transform((value) => [...new Set(value.split(','))]);

export const DEFAULT_COVERAGE_KINDS = ['mediation_point', 'mediation_room'];
/** metres; straight-line on the spheroid */
export const radiusSchema = z.coerce.number().int('radius must be whole metres').min(50).max(20_000);

export const coverageQuerySchema = z.object({
  kinds: kindsSchema.optional(),
  /** default: the largest default_radius_m among the chosen kinds (1,000 m mediation, 500 m watch posts) */
  radius: radiusSchema.optional(),
  level: z.enum(coverageLevels).default('community'),
  area: areaCodeSchema.optional(),
  /** straight: metres on the spheroid (`radius`); walk: minutes on the road network (`minutes`, default 15) */
  mode: z.enum(['straight', 'walk']).default('straight'),
  /** walking minutes (with mode=walk); the 生活圈 thresholds of GB 50180-2018 are 5, 10 and 15 */
  minutes: z.coerce.number().int('minutes must be whole minutes').min(1).max(60).optional(),
});
export type CoverageQuery = z.infer<typeof coverageQuerySchema>;

export const coverageFiguresSchema = z.object({
  compounds: z.number().int(),
  compoundsCovered: z.number().int(),
  households: z.number().int(),
  householdsCovered: z.number().int(),
  population: z.number().int(),
  populationCovered: z.number().int(),
  share: z.number().nullable(),
  /** household-weighted median / 90th percentile distance to the nearest site of the kinds, metres */
  nearestSiteP50: z.number().nullable(),
  nearestSiteP90: z.number().nullable(),
});
export type CoverageFigures = z.infer<typeof coverageFiguresSchema>;

export const coverageRowSchema = coverageFiguresSchema.extend({ code: z.string(), name: z.string() });
export type CoverageRow = z.infer<typeof coverageRowSchema>;

const missingAreaSchema = z.object({ code: z.string(), name: z.string() });
/** 全覆盖: every street/town and every community/village (in the area) has a site of the kinds */
export const fullCoverageSchema = z.object({
  full: z.boolean(),
  streets: z.object({ total: z.number().int(), withSite: z.number().int(), missing: z.array(missingAreaSchema) }),
  communities: z.object({ total: z.number().int(), withSite: z.number().int(), missing: z.array(missingAreaSchema) }),
});
export type FullCoverage = z.infer<typeof fullCoverageSchema>;

export const coverageResponseSchema = z.object({
  kinds: z.array(z.string()),
  radius: z.number().int(),
  radiusSource: z.enum(['request', 'default']),
  level: z.enum(coverageLevels),
  area: z.string().nullable(),
  /** sites of the kinds belonging to the area; coverage counts every site, since one across the border still serves */
  sites: z.number().int(),
  rows: z.array(coverageRowSchema),
  totals: coverageFiguresSchema,
  fullCoverage: fullCoverageSchema,
  method: z.string(),
  /** walk: `radius` is the metres walked in `minutes` at 1.2 m/s and nearestSiteP50/P90 are metres walked */
  mode: z.enum(['straight', 'walk']).optional(),
  minutes: z.number().int().nullable().optional(),
});
export type CoverageResponse = z.infer<typeof coverageResponseSchema>;

/** `GET /api/coverage/compounds`: compounds with their coverage, for the map (no personal data). */
export const coverageCompoundsQuerySchema = coverageQuerySchema.omit({ level: true }).extend({
  uncovered: z.enum(['true', 'false']).optional(),
});
export const coverageCompoundSchema = z.object({
  code: z.string(),
  name: z.string(),
  communityCode: z.string(),
  households: z.number().int(),
  population: z.number().int(),
  covered: z.boolean(),
  nearest: z.number().nullable(),
  lon: z.number(),
  lat: z.number(),
});
export type CoverageCompound = z.infer<typeof coverageCompoundSchema>;

export const siteKindSchema = z.object({
  kind: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  staffed: z.boolean(),
  defaultRadiusM: z.number().int(),
  sites: z.number().int(),
});
export type SiteKindInfo = z.infer<typeof siteKindSchema>;

export const exportFormatSchema = z.enum(['csv', 'geojson']);
export const coverageExportQuerySchema = coverageQuerySchema.extend({ format: exportFormatSchema.default('geojson') });

export const incidentGroups = ['dispute', 'preventable', 'safety', 'service'] as const;

export const hotspotQuerySchema = z.object({
  /** period [from, to): a date-only `to` includes that local day; default: the 90 days up to the newest incident */
  from: instantDateSchema.optional(),
  to: periodEndDateSchema.optional(),
  /** comma-separated incident category codes */
  category: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/, 'comma-separated category codes')
    .max(400)
    .optional(),
  /** a category group instead of codes */
  group: z.enum(incidentGroups).optional(),
  area: areaCodeSchema.optional(),
});
export type HotspotQuery = z.infer<typeof hotspotQuerySchema>;

export const hotspotRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  households: z.number().int(),
  incidents: z.number().int(),
  /** incidents per 1,000 households; null for a grid without households (left out of Gi*) */
  rate: z.number().nullable(),
  previousIncidents: z.number().int(),
  previousRate: z.number().nullable(),
  /** rate − previousRate */
  change: z.number().nullable(),
  neighbours: z.number().int(),
  /** incidents in the cell and its neighbours: the counts behind the z-score */
  localIncidents: z.number().int(),
  z: z.number().nullable(),
  /** two-sided p-value of z, uncorrected */
  p: z.number().nullable(),
  /** Benjamini–Hochberg adjusted p-value over the analysed cells */
  q: z.number().nullable(),
  /** after the FDR correction, and null whenever a blocking warning holds */
  flag: z.enum(['hot99', 'hot95', 'cold95', 'cold99']).nullable(),
});
export type HotspotRow = z.infer<typeof hotspotRowSchema>;

export const hotspotResponseSchema = z.object({
  area: z.string().nullable(),
  period: z.object({ from: z.string(), to: z.string() }),
  previous: z.object({ from: z.string(), to: z.string() }),
  categories: z.array(z.string()).nullable(),
  rows: z.array(hotspotRowSchema),
  summary: z.object({
    grids: z.number().int(),
    analysed: z.number().int(),
    incidents: z.number().int(),
    previousIncidents: z.number().int(),
    hot99: z.number().int(),
    hot95: z.number().int(),
    cold95: z.number().int(),
    cold99: z.number().int(),
    /** cells that would be flagged at 95% without the correction (and without the minimum rule) */
    uncorrected: z.number().int(),
  }),
  /** the spatial weights: which cells count as a cell's neighbourhood */
  neighbourhood: z.object({
    kind: z.literal('contiguity'),
    rule: z.literal('queen'),
    description: z.string(),
    selfIncluded: z.boolean(),
    meanNeighbours: z.number(),
    isolated: z.number().int(),
  }),
  correction: z.object({ method: z.literal('benjamini-hochberg'), alpha: z.array(z.number()) }),
  /** why the flags may be missing or weak; `blocking` ones mean nothing is flagged */
  warnings: z.array(
    z.object({
      code: z.enum(['too_few_incidents', 'too_few_grids', 'sparse']),
      blocking: z.boolean(),
      minimum: z.number(),
      actual: z.number(),
      message: z.string(),
    }),
  ),
  method: z.string(),
});
export type HotspotResponse = z.infer<typeof hotspotResponseSchema>;
export const hotspotExportQuerySchema = hotspotQuerySchema.extend({ format: exportFormatSchema.default('geojson') });

/** `GET /api/coverage/kinds`. */
export const siteKindListSchema = z.object({ kinds: z.array(siteKindSchema) });

/** `GET /api/coverage/compounds`. */
export const coverageCompoundsResponseSchema = z.object({
  kinds: z.array(z.string()),
  radius: z.number().int(),
  /** the area code the figures are limited to, null = the caller's whole area */
  area: z.string().nullable(),
  method: z.string(),
  compounds: z.array(coverageCompoundSchema),
});
