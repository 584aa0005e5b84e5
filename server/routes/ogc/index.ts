import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { refuseAdminKeyInUrl } from './api-key.ts';
import {
  collectionTilesetRoute,
  collectionTilesetsRoute,
  datasetTileRoute,
  datasetTilesetRoute,
  datasetTilesetsRoute,
  tileMatrixSetRoute,
  tileMatrixSetsRoute,
} from './tiles.routes.ts';
import {
  listCollectionTilesets,
  listDatasetTilesets,
  listTileMatrixSets,
  serveDatasetTile,
  showCollectionTileset,
  showDatasetTileset,
  showTileMatrixSet,
} from './tiles.handlers.ts';
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
 * OGC API – Features (Part 1 Core + GeoJSON + HTML, Part 2 CRS by reference) and OGC API – Tiles
 * (vector tilesets of the public layers and of the dataset, WebMercatorQuad) under `/ogc`. The public
 * layers are open to everyone; `incidents` has its own routes for staff, scoped in SQL and masked like
 * /api/incidents, mounted before `:collectionId` so they win for that name.
 *
 * @example
 * app.route('/', ogcRoutes(deps));
 */
export function ogcRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/ogc/*', refuseAdminKeyInUrl);
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
  mount(app, tileMatrixSetsRoute, listTileMatrixSets(deps));
  mount(app, tileMatrixSetRoute, showTileMatrixSet());
  mount(app, datasetTilesetsRoute, listDatasetTilesets(deps));
  mount(app, datasetTilesetRoute, showDatasetTileset(deps));
  mount(app, datasetTileRoute, serveDatasetTile(deps));
  mount(app, collectionTilesetsRoute, listCollectionTilesets(deps));
  mount(app, collectionTilesetRoute, showCollectionTileset(deps));
  return app;
}
