/**
 * The app in a child process for bench/tiles.ts and bench/field.ts: loopback only, port sent over IPC;
 * `benchChildStdio()` sends its log lines to a file, as a deployment would. With `bare: true` a second server runs beside it: node:http, the tile statement and
 * gzip, nothing else (no framework, access control or cache), the floor that any HTTP hop costs here.
 * The app is served as `npm start` serves it (cached versioned tiles by the fast path in front of it).
 */
import { serve } from '@hono/node-server';
import http from 'node:http';
import type { StdioOptions } from 'node:child_process';
import { openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { connectDatabase, warmPool } from '../db/client.ts';
import { createApp } from '../server/app.ts';
import { fastTileServer } from '../server/routes/tiles/fast-path.ts';
import { parseEnv } from '../core/env.ts';
import { isTileLayerId } from '../core/tiles/layer-ids.ts';
import { postgisTileSql } from '../db/tiles/sql.ts';
import { tileParameters } from '../db/tiles/source.ts';

const gzipAsync = promisify(gzip);

export async function serveForBench(options: { bare?: boolean } = {}) {
  // the log as `npm start` writes it (info, sampled at high rates); the parent sends stdout to a file
  const env = parseEnv({ ...process.env, DEMO_SEED: 'none' });
  const database = connectDatabase('postgis', { connectionString: env.DATABASE_URL! }, env.DATABASE_POOL_SIZE, {
    prepared: env.DATABASE_PREPARED_STATEMENTS,
    min: env.DATABASE_POOL_MIN,
  });
  await warmPool(database);
  const app = createApp({ database, env });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', createServer: fastTileServer({ database, env }, app.fetch) });
  await new Promise((resolve) => server.once('listening', resolve));
  const bare = options.bare ? await bareTileServer(database.pool) : undefined;
  process.send!({ port: (server.address() as AddressInfo).port, barePort: bare && (bare.address() as AddressInfo).port });
  process.once('SIGTERM', () => {
    server.close();
    bare?.close();
    void database.close().finally(() => process.exit(0));
  });
}

/**
 * `GET /{layer}/{z}/{x}/{y}` → the ST_AsMVT bytes of the same statement, gzipped as the app gzips them
 * (level 1; inline below 32 KB, on the thread pool above), so the two compare like with like.
 */
async function bareTileServer(pool: ReturnType<typeof connectDatabase>['pool']): Promise<http.Server> {
  const bare = http.createServer(async (req, res) => {
    const [layer = '', z, x, y] = (req.url ?? '').split('/').slice(1);
    if (!isTileLayerId(layer)) return void res.writeHead(404).end();
    const { rows } = await pool.query<{ tile: Buffer }>(postgisTileSql(layer), tileParameters(layer, Number(z), Number(x), Number(y)));
    const mvt = rows[0]!.tile;
    if (!mvt.length) return void res.writeHead(204).end();
    const gzipped = mvt.length < 32_768 ? gzipSync(mvt, { level: 1 }) : await gzipAsync(mvt, { level: 1 });
    res.writeHead(200, { 'content-type': 'application/vnd.mapbox-vector-tile', 'content-encoding': 'gzip', 'content-length': gzipped.length }).end(gzipped);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  return bare;
}

/**
 * node's arguments for the benchmarked child: tsx, and with `BENCH_CPU_PROF=<dir>` a V8 CPU profile of
 * the server written there when it exits (`--cpu-prof` is refused in NODE_OPTIONS; summarise it with
 * bench/support/cpu-profile.ts).
 *
 * @example
 * fork(script, ['--serve'], { execArgv: benchChildExecArgv(), stdio: benchChildStdio('field') });
 */
export function benchChildExecArgv(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return ['--import', 'tsx', ...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [])];
}

/**
 * stdio for the benchmarked child: its JSON log lines go to a file in the temp directory (a terminal
 * would make every line cost far more than it does in production), errors to this terminal.
 *
 * @example
 * fork(script, ['--serve'], { stdio: benchChildStdio('tiles'), execArgv: ['--import', 'tsx'] });
 */
export function benchChildStdio(label: string): StdioOptions {
  const file = path.join(os.tmpdir(), `pingan-bench-${label}-${process.pid}.log`);
  return ['ignore', openSync(file, 'w'), 'inherit', 'ipc'];
}
