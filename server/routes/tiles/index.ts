import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { serveBasemap, serveStyle } from './style.handlers.ts';
import { tileServiceFor } from './tile-service.ts';
import { serveTileJson, serveVectorTile } from './tiles.handlers.ts';
import { basemapRoute, styleRoute, tileJsonRoute, vectorTileRoute } from './tiles.routes.ts';

/**
 * `GET /tiles/{layer}` (TileJSON 3.0.0) and `GET /tiles/{layer}/{z}/{x}/{y}` (MVT, gzip), served from
 * the tile cache this app's database shares with the style routes.
 *
 * @example
 * app.route('/', tileRoutes(deps));
 */
export function tileRoutes(deps: AppDeps): Hono<AppEnv> {
  const tiles = tileServiceFor(deps.database);
  const app = new Hono<AppEnv>();
  mount(app, tileJsonRoute, serveTileJson(deps, tiles));
  mount(app, vectorTileRoute, serveVectorTile(tiles));
  return app;
}

/**
 * `GET /style.json` (MapLibre style, versioned tile URLs) and `GET /basemap.pmtiles` (range requests).
 *
 * @example
 * app.route('/', styleRoutes(deps));
 */
export function styleRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, styleRoute, serveStyle(deps, tileServiceFor(deps.database)));
  mount(app, basemapRoute, serveBasemap(deps));
  return app;
}
