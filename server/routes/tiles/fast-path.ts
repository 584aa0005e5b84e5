import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../context.ts';
import { isTileLayerId } from '../../../core/tiles/layer-ids.ts';
import { requestLogFor } from '../../middleware/request-log.ts';
import { tileServiceFor, type ServedTile } from './tile-service.ts';
import { tileLayers } from '../../../db/tiles/layers.ts';
import { isValidTile } from '../../../db/tiles/tile-math.ts';
import type { TileLayerId } from '../../../core/tiles/layer-ids.ts';

/** `/tiles/{layer}/{z}/{x}/{y}[.pbf|.mvt]?v={version}`, in the canonical form a style's tile URL has. */
const versionedTile = /^\/tiles\/([a-z_]+)\/(0|[1-9]\d?)\/(0|[1-9]\d{0,8})\/(0|[1-9]\d{0,8})(?:\.(?:pbf|mvt))?\?v=([1-9]\d{0,8})$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';
/** the headers that differ per request; the rest come from the template */
const perRequest = new Set(['x-request-id', 'etag', 'cache-control', 'content-length', 'date']);
const templateRequestId = 'tile-fast-path-template';

type Fetch = (request: Request) => Response | Promise<Response>;

/**
 * Answers the commonest request of a map, a versioned tile (`?v=`, the style's URL form) asked for with
 * gzip and without credentials, straight from node:http and the tile service: at 20,000 cached tiles a
 * second the app's middleware chain (request id, log, security headers, CORS, body limit, control
 * characters, audit, principal, CSRF, access, parameter parsing) cost three times the work of sending
 * the bytes. The answer is the one the chain gives, by construction: its headers are copied from a real
 * response of the chain for a tile (the template, made once, in the background), and only what differs
 * per request is set here (request id, ETag, Cache-Control, Content-Length), exactly as the chain sets
 * them; the tile comes from the same `TileService` calls (cache, version rule, single flight); the
 * request is logged through the same request log. Everything else (a cookie or Authorization header,
 * If-None-Match, no gzip, another query, HEAD, an invalid tile, an empty tile, a database error) goes
 * to the chain. Public tiles are never audited and need no principal, so no access rule is skipped.
 *
 * @example
 * const fast = tileFastPath(deps, app.fetch);
 * http.createServer((req, res) => fast(req, res, listener));
 */
export function tileFastPath(deps: AppDeps, fetch: Fetch): (req: IncomingMessage, res: ServerResponse, chain: RequestListener) => void {
  const tiles = tileServiceFor(deps.database);
  const log = requestLogFor(deps.env);
  let template: string[] | undefined;
  let capturing = false;

  const capture = (url: string) => {
    capturing = true;
    void (async () => {
      const response = await fetch(new Request(`http://127.0.0.1${url}`, { headers: { 'accept-encoding': 'gzip', 'x-request-id': templateRequestId } }));
      await response.arrayBuffer();
      if (response.status !== 200 || response.headers.get('content-encoding') !== 'gzip' || response.headers.has('set-cookie')) return;
      template = [...response.headers].filter(([name]) => !perRequest.has(name)).flat();
    })()
      .catch(() => undefined)
      .finally(() => {
        capturing = false;
      });
  };

  const send = (res: ServerResponse, headers: IncomingMessage['headers'], url: string, started: number, version: number, tile: ServedTile) => {
    // hono's requestId: a sent id is kept when it is short and plain, else a new one
    const sent = headers['x-request-id'];
    const requestId = typeof sent === 'string' && sent.length > 0 && sent.length <= 255 && !/[^\w\-=]/.test(sent) ? sent : randomUUID();
    res.writeHead(200, [
      ...template!,
      'x-request-id',
      requestId,
      'etag',
      tile.etag,
      'cache-control',
      version === tile.version ? IMMUTABLE : REVALIDATE,
      'content-length',
      String(tile.gzipped.length),
    ]);
    res.end(tile.gzipped);
    log.record({ requestId, method: 'GET', path: url.slice(0, url.indexOf('?')), status: 200, ms: Math.round((performance.now() - started) * 10) / 10 });
  };

  return (req, res, chain) => {
    const started = performance.now();
    const url = req.url ?? '';
    const match = req.method === 'GET' ? versionedTile.exec(url) : null;
    const headers = req.headers;
    if (
      !match ||
      !isTileLayerId(match[1]!) ||
      headers.authorization !== undefined ||
      headers['if-none-match'] !== undefined ||
      headers['transfer-encoding'] !== undefined ||
      (headers['content-length'] !== undefined && headers['content-length'] !== '0') ||
      headers.cookie?.includes('pingan_session') ||
      !/\bgzip\b/.test(headers['accept-encoding'] ?? '')
    )
      return chain(req, res);
    const layer = match[1] as TileLayerId;
    const [z, x, y, version] = match.slice(2).map(Number) as [number, number, number, number];
    const def = tileLayers[layer];
    // the chain answers what is not a plain 200: a tile outside the pyramid or the layer's zooms (400/404)
    if (!isValidTile(z, x, y) || z < def.minzoom || z > def.maxzoom) return chain(req, res);
    if (!template) {
      if (!capturing) capture(url);
      return chain(req, res);
    }
    const cached = tiles.peek(layer, z, x, y, version);
    if (cached) return cached.gzipped.length ? send(res, headers, url, started, version, cached) : chain(req, res);
    // a miss: the same TileService call the handler makes; an empty tile (204) or a failure is the chain's to answer
    tiles.get(layer, z, x, y, version).then(
      (tile) => (tile.gzipped.length ? send(res, headers, url, started, version, tile) : chain(req, res)),
      () => chain(req, res),
    );
  };
}

/**
 * A `createServer` for `@hono/node-server`'s `serve` that puts `tileFastPath` in front of the app.
 *
 * @example
 * serve({ fetch: app.fetch, port, createServer: fastTileServer(deps, app.fetch) });
 */
export function fastTileServer(deps: AppDeps, fetch: Fetch): typeof http.createServer {
  const fast = tileFastPath(deps, fetch);
  // node-server calls createServer(options, listener); the cast keeps node's overloads as its type
  const create = (options: http.ServerOptions, listener: RequestListener): http.Server => http.createServer(options, (req, res) => fast(req, res, listener));
  return create as typeof http.createServer;
}
