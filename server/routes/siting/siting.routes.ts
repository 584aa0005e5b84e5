import {
  compareQuerySchema,
  saveScenarioSchema,
  scenarioComparisonSchema,
  scenarioExportQuerySchema,
  scenarioIdSchema,
  scenarioListSchema,
  scenarioSchema,
  sitingRequestSchema,
  sitingResultSchema,
} from '../../../core/contracts/planning-siting.ts';
import { geoJsonFeatureCollectionSchema } from '../../../core/contracts/geojson.ts';
import { declareRoute } from '../declare.ts';

/** Siting proposes where public money goes: planners (city-wide, aggregates only) and admins. */
const planners = { roles: ['admin', 'planner'] } as const;

export const sitingRoute = declareRoute({
  method: 'post',
  path: '/siting',
  summary: 'Where k new sites would newly cover the most households (lazy greedy, interchange, branch and bound)',
  access: planners,
  body: sitingRequestSchema,
  response: sitingResultSchema,
  // an unknown area; the compounds changed during the computation
  errors: [404, 409],
});

export const saveScenarioRoute = declareRoute({
  method: 'post',
  path: '/siting/scenarios',
  summary: 'Compute a siting and save it as a named scenario',
  access: planners,
  body: saveScenarioSchema,
  status: 201,
  response: scenarioSchema,
  errors: [404, 409],
});

export const listScenariosRoute = declareRoute({
  method: 'get',
  path: '/siting/scenarios',
  summary: 'Saved scenarios (summaries, flagged stale when the sites or compounds changed since)',
  access: planners,
  response: scenarioListSchema,
});

export const compareScenariosRoute = declareRoute({
  method: 'get',
  path: '/siting/compare',
  summary: 'Two to four saved scenarios side by side: ?ids=a,b',
  access: planners,
  query: compareQuerySchema,
  response: scenarioComparisonSchema,
  // a scenario that does not exist
  errors: [404],
});

export const scenarioRoute = declareRoute({
  method: 'get',
  path: '/siting/scenarios/:id',
  summary: 'One saved scenario with its full result',
  access: planners,
  params: scenarioIdSchema,
  response: scenarioSchema,
});

export const scenarioExportRoute = declareRoute({
  method: 'get',
  path: '/siting/scenarios/:id/export',
  summary: 'Download a saved scenario’s sites: ?format=csv|geojson',
  access: planners,
  query: scenarioExportQuerySchema,
  params: scenarioIdSchema,
  response: geoJsonFeatureCollectionSchema,
  responseTypes: ['text/csv', 'application/geo+json'],
});

export const deleteScenarioRoute = declareRoute({
  method: 'delete',
  path: '/siting/scenarios/:id',
  summary: 'Delete a saved scenario (its author or an admin)',
  access: planners,
  params: scenarioIdSchema,
  status: 204,
});
