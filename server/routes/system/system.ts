import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { postgisVersion, statsSummary } from '../../../db/queries/system.ts';
import type { HealthResponse } from '../../../core/contracts/system.ts';
import { access } from '../../access/policy.ts';
import { everyone } from '../../../core/access/roles.ts';

/** `/api/health` and `/api/stats/summary`. */
export const systemRoutes = ({ database }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/health', access({ roles: everyone }), async (c) => {
      const body: HealthResponse = { status: 'ok', database: database.mode, postgis: await postgisVersion(database.db) };
      return c.json(body);
    })
    .get('/stats/summary', access({ roles: everyone }), async (c) => c.json(await statsSummary(database.db)));
