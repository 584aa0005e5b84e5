import type http from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppDeps, AppEnv } from '../context.ts';
import { primaryWalLsn } from '../../db/client.ts';
import { lsnValue, withReadDemand, type ReadDemand } from '../../db/read-replicas.ts';
import { logger } from '../../core/log.ts';
import { isHttps } from '../access/request-info.ts';

/** Cookie (browsers) and header (API clients) carrying the WAL position of the caller's last write. */
export const lsnCookie = 'pingan_lsn';
export const lsnHeader = 'X-Write-LSN';
export const readSourceHeader = 'X-Read-Source';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const tilePath = /^\/tiles\/([a-z_]+)\/\d+\/\d+\/\d+(?:\.(?:pbf|mvt))?$/;

/**
 * The demand of a versioned tile URL (`/tiles/{layer}/{z}/{x}/{y}[.pbf]?v=N`): a replica must hold tile
 * version N of the layer; any other URL demands nothing.
 *
 * @example
 * tileDemand('/tiles/grid_cells/14/13818/6096.pbf', '7') // { layer: 'grid_cells', version: 7 }
 */
export function tileDemand(path: string, v: string | undefined): ReadDemand['tile'] {
  const tile = tilePath.exec(path);
  const version = Number(v);
  return tile && Number.isSafeInteger(version) && version > 0 ? { layer: tile[1]!, version } : undefined;
}

/**
 * Wraps a `createServer` (the tile fast path's, which answers cached versioned tiles before the app's
 * middleware runs) so its cache misses carry the tile demand too.
 *
 * @example
 * serve({ fetch: app.fetch, createServer: withTileDemands(fastTileServer({ database: reader, env }, app.fetch)) });
 */
export function withTileDemands(create: typeof http.createServer): typeof http.createServer {
  const wrapped = (options: http.ServerOptions, listener: http.RequestListener): http.Server => {
    const server = create(options, listener);
    const handlers = server.listeners('request') as http.RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const tile = tileDemand(url.pathname, url.searchParams.get('v') ?? undefined);
      withReadDemand(tile ? { tile } : {}, () => handlers.forEach((handler) => handler(req, res)));
    });
    return server;
  };
  return wrapped as typeof http.createServer;
}

/**
 * Read-your-own-writes with read replicas (a no-op without them). After a write that succeeded, the
 * primary's WAL position is handed back as a cookie and an `X-Write-LSN` header; a later read sends it
 * back (the cookie by itself, the header if the client repeats it) and only a replica that has replayed
 * that far may answer it. A versioned tile (`?v=`) likewise only comes from a replica holding that
 * version. Anything else may read from any live replica.
 *
 * @example
 * base.use(readConsistency(deps));
 */
export function readConsistency(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const primary = deps.database;
  return async (c, next) => {
    if (!deps.reader || deps.reader === primary) return next();
    // forged or garbled positions are ignored (worst case: a read from the primary), never an error
    const sent = [c.req.header(lsnHeader), getCookie(c, lsnCookie)].filter((lsn) => lsnValue(lsn) !== undefined) as string[];
    const demand: ReadDemand = { served: { replica: 0, primary: 0 } };
    if (sent.length) demand.minLsn = sent.reduce((a, b) => (lsnValue(a)! >= lsnValue(b)! ? a : b));
    demand.tile = tileDemand(c.req.path, c.req.query('v'));
    await withReadDemand(demand, next);
    const { replica, primary: onPrimary } = demand.served!;
    // which server answered the routed reads (operations and the rig test look at it); streamed bodies may read on after this
    if (replica || onPrimary) c.res.headers.set(readSourceHeader, replica && onPrimary ? 'mixed' : replica ? 'replica' : 'primary');
    if (safeMethods.has(c.req.method) || c.res.status >= 400) return;
    // like the session cookie: Secure over https (COOKIE_SECURE)
    const { env } = deps;
    const cookie = {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: env.COOKIE_SECURE === 'true' || (env.COOKIE_SECURE === 'auto' && isHttps(c, env.TRUST_PROXY)),
    } as const;
    try {
      const lsn = await primaryWalLsn(primary);
      c.res.headers.set(lsnHeader, lsn);
      setCookie(c, lsnCookie, lsn, { ...cookie, maxAge: 3600 });
    } catch (error) {
      // the write is done but its position unknown: send this caller's reads to the primary for a while
      logger.warn('could not read the primary WAL position', { error: String(error) });
      setCookie(c, lsnCookie, 'FFFFFFFF/FFFFFFFF', { ...cookie, maxAge: 30 });
    }
  };
}
