import type { AppDeps } from '../../context.ts';
import type { HealthResponse } from '../../../core/contracts/system.ts';
import { postgisVersion, statsSummary } from '../../../db/queries/system.ts';
import type { RouteHandler } from '../declare.ts';
import type { healthRoute, statsSummaryRoute } from './system.routes.ts';

/** Answers `ok` with the database mode and PostGIS version (a query, so a dead database fails it). */
export const showHealth =
  ({ database }: AppDeps): RouteHandler<typeof healthRoute> =>
  async (c) => {
    const body: HealthResponse = { status: 'ok', database: database.mode, postgis: await postgisVersion(database.db) };
    return c.json(body);
  };

/** The city-wide summary counts. */
export const showStatsSummary =
  ({ database }: AppDeps): RouteHandler<typeof statsSummaryRoute> =>
  async (c) =>
    c.json(await statsSummary(database.db));
