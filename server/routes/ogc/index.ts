import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import {
  collectionsRoute,
  collectionsSlashRoute,
  conformanceRoute,
  incidentItemRoute,
  incidentItemsRoute,
  incidentsCollectionRoute,
  landingPageRoute,
  landingPageSlashRoute,
  layerCollectionRoute,
  layerItemRoute,
  layerItemsRoute,
} from './ogc.routes.ts';
import {
  listCollections,
  listConformance,
  listIncidentFeatures,
  listLayerFeatures,
  showIncidentFeature,
  showIncidentsCollection,
  showLandingPage,
  showLayerCollection,
  showLayerFeature,
} from './ogc.handlers.ts';

/**
 * OGC API – Features (Part 1 Core + GeoJSON + HTML, Part 2 CRS by reference) under `/ogc`. The public
 * layers are open to everyone; `incidents` has its own routes for staff, scoped in SQL and masked like
 * /api/incidents, mounted before `:collectionId` so they win for that name.
 *
 * @example
 * app.route('/', ogcRoutes(deps));
 */
export function ogcRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, landingPageRoute, showLandingPage(deps));
  mount(app, landingPageSlashRoute, showLandingPage(deps));
  mount(app, conformanceRoute, listConformance(deps));
  mount(app, collectionsRoute, listCollections(deps));
  mount(app, collectionsSlashRoute, listCollections(deps));
  mount(app, incidentsCollectionRoute, showIncidentsCollection(deps));
  mount(app, incidentItemsRoute, listIncidentFeatures(deps));
  mount(app, incidentItemRoute, showIncidentFeature(deps));
  mount(app, layerCollectionRoute, showLayerCollection(deps));
  mount(app, layerItemsRoute, listLayerFeatures(deps));
  mount(app, layerItemRoute, showLayerFeature(deps));
  return app;
}
