import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { fieldCategoriesRoute, locateRoute, nearbyIncidentsRoute, searchRoute } from './field.routes.ts';
import { listFieldCategories, listNearbyIncidents, locatePoint, searchPlacesByName } from './field.handlers.ts';
import { fieldTasksRoute } from './field-tasks.routes.ts';
import { listFieldTasks } from './field-tasks.handlers.ts';

/**
 * `/api/locate` (where am I, the responsible worker, nearest sites), `/api/locate/incidents`
 * (duplicate hints), `/api/field/categories` (the report form) and `/api/field/tasks` (the worker's
 * inbox): what a worker in the field needs.
 *
 * @example
 * api.route('/', locateRoutes(deps));
 */
export function locateRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, locateRoute, locatePoint(deps));
  mount(app, nearbyIncidentsRoute, listNearbyIncidents(deps));
  mount(app, fieldCategoriesRoute, listFieldCategories(deps));
  mount(app, fieldTasksRoute, listFieldTasks(deps));
  return app;
}

/**
 * `/api/search?q=`: districts, streets, communities, grids and sites by name, pinyin or code. Public
 * data only (names, codes, outlines), so every role may search.
 *
 * @example
 * api.route('/', searchRoutes(deps));
 */
export function searchRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, searchRoute, searchPlacesByName(deps));
  return app;
}
