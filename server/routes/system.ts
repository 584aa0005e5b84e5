import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { postgisVersion, statsSummary } from '../../db/queries/system.ts';
import type { HealthResponse } from '../contracts/system.ts';

/** `/api/health` and `/api/stats/summary`. */
export const systemRoutes = ({ database }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/health', async (c) => {
      const body: HealthResponse = { status: 'ok', database: database.mode, postgis: await postgisVersion(database.db) };
      return c.json(body);
    })
    .get('/stats/summary', async (c) => c.json(await statsSummary(database.db)));
