/**
 * Embedded vs PostGIS baseline (issue 17, no target): the same uncached tiles and the same locate points
 * through the same app on each engine, one request at a time (latency, not throughput), plus the time
 * the embedded engine takes to seed the city (the cold start's largest part) and this process's RSS.
 *
 *   DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/pingan_bench_full npx tsx bench/engines.ts [--scale full]
 *
 * PostGIS: the seeded city of DATABASE_URL (bench/support/city-database.ts). Embedded: a scratch data
 * directory under the temp directory, seeded here and removed at the end. Writes bench/results/engines.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openDatabase, type Database } from '../db/client.ts';
import { seedDemoIfEmpty, type DemoScale } from '../geodata/demo.ts';
import { parseEnv } from '../core/env.ts';
import { createApp } from '../server/app.ts';
import { fastTileServer } from '../server/routes/tiles/fast-path.ts';
import { principalCacheFor } from '../server/access/principal-cache.ts';
import { tileLayerIds } from '../core/tiles/layer-ids.ts';
import { tileLayers } from '../db/tiles/layers.ts';
import { lonLatToTile } from '../db/tiles/tile-math.ts';
import { createUser } from '../db/queries/auth.ts';
import { createApiToken } from '../db/queries/auth-tokens.ts';
import { apiTokenPrefix, randomToken, sha256Hex } from '../server/access/tokens.ts';
import { median } from './support/scratch-database.ts';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const timedGet = (port: number, path: string, headers: Record<string, string>) =>
  new Promise<number>((resolve, reject) => {
    const t = performance.now();
    http
      .get({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode! < 300 ? resolve(performance.now() - t) : reject(new Error(`${path}: ${res.statusCode}`))));
      })
      .on('error', reject);
  });

/** The same 300 tiles and 500 points on either engine: derived from grid codes, which the seeded generator fixes. */
async function inputs(database: Database) {
  const { rows } = await database.pool.query<{ code: string; lon: number; lat: number }>(
    `SELECT code, ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM grid_cells) q ORDER BY md5(code) LIMIT 500`,
  );
  const tiles = rows.slice(0, 300).map((row, i) => {
    const z = 10 + (i % 7);
    const layers = tileLayerIds.filter((id) => tileLayers[id].minzoom <= z && tileLayers[id].maxzoom >= z);
    const { x, y } = lonLatToTile(row.lon, row.lat, z);
    return `${layers[i % layers.length]}/${z}/${x}/${y}`;
  });
  return { tiles: [...new Set(tiles)], points: rows.map((r) => `/api/locate?lon=${r.lon.toFixed(6)}&lat=${r.lat.toFixed(6)}`) };
}

async function measure(database: Database) {
  const env = parseEnv({ ...process.env, DEMO_SEED: 'none', LOG_LEVEL: 'warn' });
  const app = createApp({ database, env });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', createServer: fastTileServer({ database, env }, app.fetch) });
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  const username = `bench-engines-${Date.now().toString(36)}`;
  const user = await createUser(database.db, { username, displayName: username, passwordHash: 'x', role: 'commander', scopeCode: null });
  const token = randomToken(apiTokenPrefix);
  await createApiToken(database.db, { userId: user!.id, name: 'bench', tokenHash: sha256Hex(token) });
  try {
    const { tiles, points } = await inputs(database);
    const auth = { authorization: `Bearer ${token}` };
    const gzip = { 'accept-encoding': 'gzip' };
    // the tile cache is this process's memory, new here: each tile below is read and encoded by the engine
    // (v=1 is never newer than a layer's version, so no version re-read is added); the first 20 warm the JIT
    for (const tile of tiles.slice(0, 20)) await timedGet(port, `/tiles/${tile}.pbf?v=1`, gzip);
    const tileMs: number[] = [];
    for (const tile of tiles.slice(20)) tileMs.push(await timedGet(port, `/tiles/${tile}.pbf?v=1`, gzip));
    for (const point of points.slice(0, 50)) await timedGet(port, point, auth);
    const locateMs: number[] = [];
    for (const point of points) locateMs.push(await timedGet(port, point, auth));
    return {
      tiles: tileMs.length,
      uncachedTileMedianMs: +median(tileMs).toFixed(2),
      uncachedTileP99Ms: +percentile(tileMs, 99).toFixed(2),
      locates: points.length,
      locateMedianMs: +median(locateMs).toFixed(2),
      locateP99Ms: +percentile(locateMs, 99).toFixed(2),
      rssMbAfter: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
  } finally {
    server.close();
    principalCacheFor(database).close();
    await database.pool.query('DELETE FROM users WHERE username = $1', [username]);
  }
}

const scaleArg = process.argv.indexOf('--scale');
const scale = (scaleArg > 0 ? process.argv[scaleArg + 1] : 'full') as DemoScale;
const results: Record<string, unknown> = { scale, cpus: os.cpus().length, loadAverageAtStart: os.loadavg()[0]!.toFixed(1) };
if (process.env.DATABASE_URL) {
  const postgis = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '.data' });
  await seedDemoIfEmpty(postgis, { scale, dataDir: process.env.DATA_DIR ?? '.data' });
  results.postgis = await measure(postgis);
  await postgis.close();
  console.log('postgis', results.postgis);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'pingan-bench-engines-'));
try {
  const embedded = await openDatabase({ dataDir: dir });
  const seedStarted = performance.now();
  const { migrateDatabase } = await import('../db/client.ts');
  await migrateDatabase(embedded);
  await seedDemoIfEmpty(embedded, { scale, dataDir: process.env.DATA_DIR ?? '.data' });
  const seedSeconds = +((performance.now() - seedStarted) / 1000).toFixed(1);
  results.embedded = { seedSeconds, ...(await measure(embedded)) };
  await embedded.close();
  console.log('embedded', results.embedded);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
results.loadAverageAtEnd = os.loadavg()[0]!.toFixed(1);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/engines.json', `${JSON.stringify({ at: new Date().toISOString(), ...results }, null, 2)}\n`);
agent.destroy();
