import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import {
  compareScenariosRoute,
  deleteScenarioRoute,
  listScenariosRoute,
  saveScenarioRoute,
  scenarioExportRoute,
  scenarioRoute,
  sitingRoute,
} from './siting.routes.ts';
import { compareSavedScenarios, deleteSavedScenario, exportScenario, listSavedScenarios, planSiting, saveScenario, showScenario } from './siting.handlers.ts';

/**
 * `/api/siting`: where k new sites would newly cover the most households (lazy greedy + refinements),
 * and saved scenarios: list, read, compare side by side, export (GeoJSON, CSV), delete.
 *
 * @example
 * api.route('/', sitingRoutes(deps));
 */
export function sitingRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, sitingRoute, planSiting(deps));
  mount(app, saveScenarioRoute, saveScenario(deps));
  mount(app, listScenariosRoute, listSavedScenarios(deps));
  mount(app, compareScenariosRoute, compareSavedScenarios(deps));
  mount(app, scenarioRoute, showScenario(deps));
  mount(app, scenarioExportRoute, exportScenario(deps));
  mount(app, deleteScenarioRoute, deleteSavedScenario(deps));
  return app;
}
