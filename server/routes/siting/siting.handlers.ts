import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { notFound } from '../../access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import { deleteScenario, findScenarios, insertScenario, listScenarios } from '../../../db/queries/siting-scenarios.ts';
import { sitingBasis } from '../../../db/queries/siting.ts';
import { compareScenarios, scenarioCsv, scenarioGeoJson, summaryOf } from '../../../core/formats/siting-export.ts';
import type { RouteHandler } from '../declare.ts';
import { sendDownload } from '../coverage/planning-download.ts';
import { loadScenarios, toScenario } from './saved-scenarios.ts';
import { sitingForRequest } from './siting-data.ts';
import type {
  compareScenariosRoute,
  deleteScenarioRoute,
  listScenariosRoute,
  saveScenarioRoute,
  scenarioExportRoute,
  scenarioRoute,
  sitingRoute,
} from './siting.routes.ts';

/** Computes where k new sites would newly cover the most households, without saving it. */
export const planSiting =
  ({ database }: AppDeps): RouteHandler<typeof sitingRoute> =>
  async (c, { body }) =>
    c.json(await sitingForRequest(database.pool, body));

/**
 * Computes a siting and saves it. The data versions are read before the computation, so a change
 * during it marks the scenario stale rather than passing unnoticed.
 */
export const saveScenario =
  ({ database }: AppDeps): RouteHandler<typeof saveScenarioRoute> =>
  async (c, { body: { name, note, ...request } }) => {
    const basis = await sitingBasis(database.pool);
    const result = await sitingForRequest(database.pool, request);
    const principal = callerOf(c);
    const row = await insertScenario(database.db, {
      name,
      note: note ?? null,
      kinds: result.kinds,
      radiusM: result.radius,
      k: result.k,
      candidates: result.candidates,
      areaCode: result.area,
      result,
      basis,
      createdBy: principal.username ?? principal.role,
    });
    return c.json(toScenario(row, basis), 201);
  };

/** Lists the saved scenarios as summaries. */
export const listSavedScenarios =
  ({ database }: AppDeps): RouteHandler<typeof listScenariosRoute> =>
  async (c) => {
    const [rows, current] = await Promise.all([listScenarios(database.db), sitingBasis(database.pool)]);
    return c.json({ scenarios: rows.map((row) => summaryOf(toScenario(row, current))) });
  };

/** Compares saved scenarios side by side. */
export const compareSavedScenarios =
  ({ database }: AppDeps): RouteHandler<typeof compareScenariosRoute> =>
  async (c, { query }) =>
    c.json(compareScenarios(await loadScenarios(database, query.ids)));

/** One saved scenario with its result. */
export const showScenario =
  ({ database }: AppDeps): RouteHandler<typeof scenarioRoute> =>
  async (c, { params }) => {
    const [scenario] = await loadScenarios(database, [params.id]);
    return c.json(scenario);
  };

/** A saved scenario's sites as a CSV or GeoJSON download. */
export const exportScenario =
  ({ database }: AppDeps): RouteHandler<typeof scenarioExportRoute> =>
  async (c, { query, params }) => {
    const [scenario] = await loadScenarios(database, [params.id]);
    const stem = `siting-scenario-${scenario!.id}`;
    if (query.format === 'csv') return sendDownload(c, 'csv', stem, scenarioCsv(scenario!.result));
    return sendDownload(c, 'geojson', stem, JSON.stringify(scenarioGeoJson(scenario!)));
  };

/** Deletes a saved scenario; only its author or an admin may. */
export const deleteSavedScenario =
  ({ database }: AppDeps): RouteHandler<typeof deleteScenarioRoute> =>
  async (c, { params: { id } }) => {
    const principal = callerOf(c);
    const [row] = await findScenarios(database.db, [id]);
    if (!row) throw notFound(`scenario ${id}`);
    if (principal.role !== 'admin' && row.createdBy !== principal.username) {
      throw new ApiError(403, 'forbidden', 'only the author or an admin may delete a scenario');
    }
    await deleteScenario(database.db, id);
    return c.body(null, 204);
  };
