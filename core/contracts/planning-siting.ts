import { z } from 'zod';
import { radiusSchema } from './planning.ts';

/** Request/response shapes of /api/siting (where k new sites help most) and saved scenarios. */

export const candidateSources = ['compounds', 'grids'] as const;

export const sitingRequestSchema = z.object({
  /** site kinds whose existing sites count as coverage (default: mediation points and rooms) */
  kinds: z
    .array(z.string().regex(/^[a-z_]+$/, 'a site kind such as mediation_point'))
    .min(1)
    .max(20)
    .optional(),
  /** metres, straight-line on the spheroid; default from the site_kinds registry */
  radius: radiusSchema.optional(),
  k: z.number().int().min(1).max(200),
  /** where a new site may go: at a compound, or inside a grid cell (its point on surface) */
  candidates: z.enum(candidateSources).default('compounds'),
  /** district, street or community code; whole city when absent */
  area: z
    .string()
    .regex(/^(\d{6}|\d{9}|\d{12})$/, 'a district, street or community code (6, 9 or 12 digits)')
    .optional(),
  /** straight: `radius` metres; walk: `minutes` on the road network (default 15) */
  mode: z.enum(['straight', 'walk']).optional(),
  minutes: z.number().int().min(1).max(60).optional(),
});
export type SitingRequest = z.infer<typeof sitingRequestSchema>;

export const sitingTotalsSchema = z.object({
  households: z.number().int(),
  householdsCovered: z.number().int(),
  population: z.number().int(),
  populationCovered: z.number().int(),
  share: z.number().nullable(),
});
export type SitingTotals = z.infer<typeof sitingTotalsSchema>;

export const sitingSiteSchema = z.object({
  rank: z.number().int(),
  /** code of the compound or grid cell the site would go at */
  code: z.string(),
  name: z.string(),
  lon: z.number(),
  lat: z.number(),
  /** households newly covered by this site, given the sites ranked before it */
  gain: z.number().int(),
  populationGain: z.number().int(),
  /** codes of the compounds this site newly covers */
  newlyCovered: z.array(z.string()),
  householdsCovered: z.number().int(),
  share: z.number().nullable(),
});
export type SitingSite = z.infer<typeof sitingSiteSchema>;

export const sitingResultSchema = z.object({
  kinds: z.array(z.string()),
  radius: z.number().int(),
  k: z.number().int(),
  candidates: z.enum(candidateSources),
  area: z.string().nullable(),
  sites: z.array(sitingSiteSchema),
  before: sitingTotalsSchema,
  after: sitingTotalsSchema,
  /** greedy | greedy+interchange | exact (branch and bound finished) */
  method: z.string(),
  /** no k sites can cover more households than this (already covered ones included); equals after.householdsCovered when proven */
  upperBound: z.number().int(),
  provenOptimal: z.boolean(),
  /** what proved it: the online bound met the plan's value, or branch and bound finished; null when not proven */
  proof: z.enum(['online-bound', 'branch-and-bound']).nullable(),
  /** no k sites can newly cover more households than this (upperBound − before.householdsCovered) */
  gainUpperBound: z.number().int(),
  /** newly covered households ÷ gainUpperBound: the plan's guaranteed fraction of the optimal gain; null when nothing can be gained */
  gainRatio: z.number().nullable(),
  /** the a-priori guarantee of greedy on the gain, 1 − 1/e ≈ 0.632, whatever the data */
  guarantee: z.number(),
  /** households plain greedy would cover (before the refinements) */
  greedyHouseholdsCovered: z.number().int(),
  candidatesConsidered: z.number().int(),
  pairs: z.number().int(),
  note: z.string(),
});
export type SitingResult = z.infer<typeof sitingResultSchema>;

export const saveScenarioSchema = sitingRequestSchema.extend({
  name: z.string().trim().min(1).max(100),
  note: z.string().max(1000).optional(),
});

export const scenarioSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  note: z.string().nullable(),
  kinds: z.array(z.string()),
  radius: z.number().int(),
  k: z.number().int(),
  candidates: z.string(),
  area: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  before: z.number().nullable(),
  after: z.number().nullable(),
  /** the sites or compounds have changed since the scenario was computed */
  stale: z.boolean(),
});
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>;
export type Scenario = ScenarioSummary & { result: SitingResult };

export const scenarioIdSchema = z.object({
  id: z
    .string()
    .regex(/^[0-9]{1,9}$/, 'scenario id must be a positive integer')
    .transform(Number),
});
export const compareQuerySchema = z.object({
  ids: z
    .string()
    .regex(/^[0-9]{1,9}(,[0-9]{1,9}){1,3}$/, 'two to four scenario ids, comma-separated')
    .transform((v) => v.split(',').map(Number)),
});
export const scenarioExportQuerySchema = z.object({ format: z.enum(['csv', 'geojson']).default('geojson') });

/** One saved scenario with its full result. */
export const scenarioSchema = scenarioSummarySchema.extend({ result: sitingResultSchema });
/** `GET /api/siting/scenarios`. */
export const scenarioListSchema = z.object({ scenarios: z.array(scenarioSummarySchema) });
/** `GET /api/siting/compare`: per rank each scenario's cumulative share and gain, and the sites they share. */
export const scenarioComparisonSchema = z.object({
  scenarios: z.array(scenarioSummarySchema),
  steps: z.array(z.object({ rank: z.number().int(), shares: z.array(z.number().nullable()), gains: z.array(z.number().nullable()) })),
  common: z.array(z.string()),
});
