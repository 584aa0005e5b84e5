import type { AppDeps } from '../../context.ts';
import { checkHealth, statsSummary } from '../../../db/queries/system.ts';
import type { RouteHandler } from '../declare.ts';
import type { healthRoute, statsSummaryRoute } from './system.routes.ts';

/**
 * Answers `ok` with the database mode and PostGIS version, or — when the database does not answer within
 * 3 s (down, refusing, or swallowing packets) — 503 `{"status":"unavailable","database":"unreachable",…}`,
 * so a load balancer takes this process out instead of seeing a 500.
 */
export const showHealth =
  ({ database }: AppDeps): RouteHandler<typeof healthRoute> =>
  async (c) => {
    const report = await checkHealth(database);
    return c.json(report, report.status === 'ok' ? 200 : 503);
  };

/** The city-wide summary counts. */
export const showStatsSummary =
  ({ database }: AppDeps): RouteHandler<typeof statsSummaryRoute> =>
  async (c) =>
    c.json(await statsSummary(database.db));
