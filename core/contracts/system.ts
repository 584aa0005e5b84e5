import { z } from 'zod';

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['embedded', 'postgis']),
  postgis: z.string(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** The 503 of `/api/health` when the database does not answer in time: a load balancer takes the process out. */
export const healthUnavailableSchema = z.object({
  status: z.literal('unavailable'),
  database: z.literal('unreachable'),
  mode: z.enum(['embedded', 'postgis']),
  error: z.enum(['timeout', 'refused', 'failed']),
  timeoutMs: z.number().int(),
});

export const statsSummarySchema = z.object({
  districts: z.number().int(),
  streets: z.number().int(),
  communities: z.number().int(),
  gridCells: z.number().int(),
  compounds: z.number().int(),
  households: z.number().int(),
  population: z.number().int(),
  sites: z.record(z.string(), z.number().int()),
  gridWorkers: z.number().int(),
  volunteers: z.number().int(),
  incidents: z.number().int(),
});
export type StatsSummary = z.infer<typeof statsSummarySchema>;
