/**
 * The app in a child process for bench/tiles.ts and bench/field.ts: loopback only, quiet logs, port
 * sent over IPC. With `bare: true` a second server runs beside it: node:http and the tile statement,
 * nothing else (no framework, access control, cache or gzip), the floor that any HTTP hop costs here.
 */
import { serve } from '@hono/node-server';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectDatabase } from '../db/client.ts';
import { createApp } from '../server/app.ts';
import { parseEnv } from '../core/env.ts';
import { isTileLayerId } from '../core/tiles/layer-ids.ts';
import { postgisTileSql } from '../db/tiles/sql.ts';
import { tileParameters } from '../db/tiles/source.ts';

export async function serveForBench(options: { bare?: boolean } = {}) {
  const env = parseEnv({ ...process.env, LOG_LEVEL: 'warn', DEMO_SEED: 'none' });
  const database = connectDatabase('postgis', { connectionString: env.DATABASE_URL! }, env.DATABASE_POOL_SIZE, { prepared: env.DATABASE_PREPARED_STATEMENTS });
  const app = createApp({ database, env });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const bare = options.bare ? await bareTileServer(database.pool) : undefined;
  process.send!({ port: (server.address() as AddressInfo).port, barePort: bare && (bare.address() as AddressInfo).port });
  process.once('SIGTERM', () => {
    server.close();
    bare?.close();
    void database.close().finally(() => process.exit(0));
  });
}

/** `GET /{layer}/{z}/{x}/{y}` → the ST_AsMVT bytes as they come from PostgreSQL. */
async function bareTileServer(pool: ReturnType<typeof connectDatabase>['pool']): Promise<http.Server> {
  const bare = http.createServer(async (req, res) => {
    const [layer = '', z, x, y] = (req.url ?? '').split('/').slice(1);
    if (!isTileLayerId(layer)) return void res.writeHead(404).end();
    const { rows } = await pool.query<{ tile: Buffer }>(postgisTileSql(layer), tileParameters(layer, Number(z), Number(x), Number(y)));
    res.writeHead(200, { 'content-type': 'application/vnd.mapbox-vector-tile' }).end(rows[0]!.tile);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  return bare;
}
