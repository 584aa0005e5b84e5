import { Hono, type Context } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { readJson } from '../../access/body.ts';
import { notFound } from '../../access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import {
  compareQuerySchema,
  saveScenarioSchema,
  scenarioExportQuerySchema,
  scenarioIdSchema,
  sitingRequestSchema,
  type SitingRequest,
} from '../../../core/contracts/planning-siting.ts';
import { deleteScenario, findScenarios, insertScenario, listScenarios } from '../../../db/queries/siting-scenarios.ts';
import { sitingBasis } from '../../../db/queries/siting.ts';
import { checkArea } from '../coverage/coverage-data.ts';
import { computeSiting } from './siting-data.ts';
import { compareScenarios, scenarioCsv, scenarioGeoJson, summaryOf } from '../../../core/formats/siting-export.ts';
import { toScenario } from './scenario-row.ts';

/** Siting proposes where public money goes: planners (city-wide, aggregates only) and admins. */
const planners = ['admin', 'planner'] as const;

/**
 * `/api/siting`: where k new sites would newly cover the most households (lazy greedy + refinements),
 * and saved scenarios: list, read, compare side by side, export (GeoJSON, CSV), delete.
 */
export const sitingRoutes = ({ database }: AppDeps) => {
  const { pool, db } = database;
  const run = async (request: SitingRequest) => {
    await checkArea(pool, request.area);
    return computeSiting(pool, request, request.area ?? '');
  };
  const load = async (ids: number[]) => {
    const [rows, current] = await Promise.all([findScenarios(db, ids), sitingBasis(pool)]);
    return ids.map((id) => {
      const row = rows.find((r) => r.id === id);
      if (!row) throw new ApiError(404, 'not_found', `scenario ${id} not found`, 'id');
      return toScenario(row, current);
    });
  };
  const idOf = (c: Context<AppEnv>) => scenarioIdSchema.parse(c.req.param()).id;
  return new Hono<AppEnv>()
    .post('/siting', access({ roles: planners }), async (c) => {
      const request = await readJson(c, sitingRequestSchema);
      return c.json(await run(request));
    })
    .post('/siting/scenarios', access({ roles: planners }), async (c) => {
      const { name, note, ...request } = await readJson(c, saveScenarioSchema);
      const basis = await sitingBasis(pool);
      const result = await run(request);
      const row = await insertScenario(db, {
        name,
        note: note ?? null,
        kinds: result.kinds,
        radiusM: result.radius,
        k: result.k,
        candidates: result.candidates,
        areaCode: result.area,
        result,
        basis,
        createdBy: c.get('principal').username ?? c.get('principal').role,
      });
      return c.json(toScenario(row, basis), 201);
    })
    .get('/siting/scenarios', access({ roles: planners }), async (c) => {
      const [rows, current] = await Promise.all([listScenarios(db), sitingBasis(pool)]);
      return c.json({ scenarios: rows.map((row) => summaryOf(toScenario(row, current))) });
    })
    .get('/siting/compare', access({ roles: planners }), async (c) => {
      const { ids } = compareQuerySchema.parse(c.req.query());
      return c.json(compareScenarios(await load(ids)));
    })
    .get('/siting/scenarios/:id', access({ roles: planners }), async (c) => {
      const [scenario] = await load([idOf(c)]);
      return c.json(scenario);
    })
    .get('/siting/scenarios/:id/export', access({ roles: planners }), async (c) => {
      const { format } = scenarioExportQuerySchema.parse(c.req.query());
      const [scenario] = await load([idOf(c)]);
      const stem = `siting-scenario-${scenario!.id}`;
      if (format === 'csv') {
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="${stem}.csv"`);
        return c.body(scenarioCsv(scenario!.result));
      }
      c.header('Content-Type', 'application/geo+json; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${stem}.geojson"`);
      return c.body(JSON.stringify(scenarioGeoJson(scenario!)));
    })
    .delete('/siting/scenarios/:id', access({ roles: planners }), async (c) => {
      const id = idOf(c);
      const principal = c.get('principal');
      const [row] = await findScenarios(db, [id]);
      if (!row) throw notFound(`scenario ${id}`);
      if (principal.role !== 'admin' && row.createdBy !== principal.username) {
        throw new ApiError(403, 'forbidden', 'only the author or an admin may delete a scenario');
      }
      await deleteScenario(db, id);
      return c.body(null, 204);
    });
};
