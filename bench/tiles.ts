/**
 * Map benchmark (PostGIS). Run: `DATABASE_URL=postgres://… npx tsx bench/tiles.ts [--ratios-only]`
 * (seeds the demo city into an empty database first: small, or the whole city with BENCH_SCALE=full).
 * Reports medians; writes bench/results/tiles.json (`--ratios-only`: sections 1–2, tiles-ratios.json).
 *
 *  1. uncached tile time through the API vs the raw ST_AsMVT statement, the same 500 tiles
 *     (z10–16 over central Shenyang, every layer), measured in one run, interleaved per tile; beside
 *     them the same statement behind a bare node:http server that gzips like the app (no framework,
 *     access control or cache): the least any HTTP hop adds on this machine
 *  2. cached tiles/s at 50 keep-alive connections on loopback over 300 versioned URLs (wrk when
 *     installed), against a bare node:http server sending one stored body of their mean size
 *  `ratios` holds the rows (API ÷ floor, one run): uncachedTileMedianApiOverBareGzip,
 *  cachedTilesPerSecondApiOverBareStoredBody.
 *  3. first full render in headless Chromium, and the JavaScript loaded for it (gzip bytes)
 *  4. bytes on the wire for 1 million incidents (the wire encoder over synthetic columns, plus the
 *     real endpoint's bytes per incident on the seeded data)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import pg from 'pg';
import { connectDatabase, migrateDatabase } from '../db/client.ts';
import { seedDemoIfEmpty } from '../geodata/demo.ts';
import { postgisTileSql } from '../db/tiles/sql.ts';
import { tileLayers } from '../db/tiles/layers.ts';
import { tileLayerIds, type TileLayerId } from '../core/tiles/layer-ids.ts';
import { lonLatToTile } from '../db/tiles/tile-math.ts';
import { tileParameters } from '../db/tiles/source.ts';
import { encodeIncidentWire } from '../core/contracts/map-wire.ts';
import { hasWrk, wrk } from './support/wrk.ts';
import { benchChildExecArgv, benchChildStdio } from './tiles-server.ts';

function rng(seed: number) {
  return () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * 500 distinct (layer, z, x, y), z10–16, layers valid at z, at points inside central Shenyang: the
 * grid cells of 和平区/沈河区 (the small demo city has 沈河 only), so every tile carries real data.
 */
function sampleTiles(centres: [number, number][], count = 500, seed = 20210101, exclude = new Set<string>()): [TileLayerId, number, number, number][] {
  const random = rng(seed);
  const seen = new Set<string>(exclude);
  const tiles: [TileLayerId, number, number, number][] = [];
  while (tiles.length < count) {
    const z = 10 + Math.floor(random() * 7);
    const layers = tileLayerIds.filter((id) => tileLayers[id].minzoom <= z);
    const layer = layers[Math.floor(random() * layers.length)]!;
    const [lon, lat] = centres[Math.floor(random() * centres.length)]!;
    const { x, y } = lonLatToTile(lon, lat, z);
    const key = `${layer}/${z}/${x}/${y}`;
    if (!seen.has(key)) {
      seen.add(key);
      tiles.push([layer, z, x, y]);
    }
  }
  return tiles;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function get(port: number, path: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent, headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode!, bytes }));
    });
    request.on('error', reject);
  });
}

async function startServer(url: string): Promise<{ child: ChildProcess; port: number; barePort: number }> {
  const child = fork(new URL(import.meta.url).pathname, ['--serve'], {
    execArgv: benchChildExecArgv(),
    env: { ...process.env, DATABASE_URL: url },
    stdio: benchChildStdio('tiles'),
  });
  return new Promise((resolve) => child.once('message', (m: { port: number; barePort: number }) => resolve({ child, ...m })));
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to a PostGIS database (it is seeded with the small demo city when empty)');
  const database = connectDatabase('postgis', { connectionString: url });
  await migrateDatabase(database);
  const scale = process.env.BENCH_SCALE === 'full' ? 'full' : 'small';
  await seedDemoIfEmpty(database, { scale, dataDir: process.env.DATA_DIR ?? '.data' });
  const results: Record<string, unknown> = {};

  // 1. uncached: API vs raw SQL, same tiles, interleaved
  const centres = await database.pool.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM grid_cells
       WHERE left(code, 6) IN ('210102', '210103') ORDER BY code) q`,
  );
  if (!centres.rows.length) throw new Error('no grid cells of 和平区/沈河区: seed the demo city first');
  const tiles = sampleTiles(centres.rows.map((r) => [r.lon, r.lat]));
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  const sqlOnce = async ([layer, z, x, y]: (typeof tiles)[number]) => {
    const values = tileParameters(layer, z, x, y);
    const t = performance.now();
    await raw.query(postgisTileSql(layer), values); // unnamed, like the tile source (custom plans)
    return performance.now() - t;
  };
  for (const tile of tiles) await sqlOnce(tile); // warm PostgreSQL's buffers for both sides alike
  const server = await startServer(url);
  process.once('exit', () => server.child.kill('SIGTERM'));
  // Warm both servers' code (JIT) on 300 other tiles of the same area, so the measured ones stay uncached
  // and neither side pays its one-off start-up inside the comparison.
  const warm = sampleTiles(
    centres.rows.map((r) => [r.lon, r.lat]),
    300,
    7,
    new Set(tiles.map((tile) => tile.join('/'))),
  );
  const warmVersions = await layerVersions(server.port);
  for (const tile of warm) {
    await get(server.port, `/tiles/${tile.join('/')}.pbf?v=${warmVersions.get(tile[0])}`);
    await get(server.barePort, `/${tile.join('/')}`);
  }
  const timed = async (port: number, path: string) => {
    const t = performance.now();
    const res = await get(port, path);
    if (res.status !== 200 && res.status !== 204) throw new Error(`${path}: ${res.status}`);
    return performance.now() - t;
  };
  // the API is asked as a map asks it: the versioned URL of the style (`?v=`), so a miss is read once and cached for good
  const versions = await layerVersions(server.port);
  const ms = { sql: [] as number[], bare: [] as number[], api: [] as number[] };
  for (const [i, tile] of tiles.entries()) {
    const [layer, z, x, y] = tile;
    const runs = {
      sql: () => sqlOnce(tile),
      bare: () => timed(server.barePort, `/${layer}/${z}/${x}/${y}`),
      api: () => timed(server.port, `/tiles/${layer}/${z}/${x}/${y}.pbf?v=${versions.get(layer)}`),
    };
    // rotate the order per tile: whichever runs first warms PostgreSQL's caches for the others
    const order = (['sql', 'bare', 'api'] as const).map((_, k, all) => all[(i + k) % all.length]!);
    for (const name of order) ms[name].push(await runs[name]());
  }
  await raw.end();
  results.uncached = {
    tiles: tiles.length,
    sqlTotalMs: Math.round(sum(ms.sql)),
    bareTotalMs: Math.round(sum(ms.bare)),
    apiTotalMs: Math.round(sum(ms.api)),
    ratioTotal: +(sum(ms.api) / sum(ms.sql)).toFixed(3),
    bareRatioTotal: +(sum(ms.bare) / sum(ms.sql)).toFixed(3),
    sqlMedianMs: +median(ms.sql).toFixed(2),
    bareMedianMs: +median(ms.bare).toFixed(2),
    apiMedianMs: +median(ms.api).toFixed(2),
    ratioMedian: +(median(ms.api) / median(ms.sql)).toFixed(3),
    bareRatioMedian: +(median(ms.bare) / median(ms.sql)).toFixed(3),
    apiOverBareMedian: +(median(ms.api) / median(ms.bare)).toFixed(3),
    loadAverage: os.loadavg()[0]!.toFixed(1),
  };
  console.log('uncached', results.uncached);

  // 2. cached tiles/s at 50 connections
  results.cached = await measureCached(server.port, tiles);
  console.log('cached', results.cached);
  const uncached = results.uncached as { apiMedianMs: number; bareMedianMs: number };
  const cached = results.cached as { ratio: number };
  results.ratios = {
    uncachedTileMedianApiOverBareGzip: +(uncached.apiMedianMs / uncached.bareMedianMs).toFixed(3),
    cachedTilesPerSecondApiOverBareStoredBody: cached.ratio,
  };
  console.log('ratios', results.ratios);

  // --ratios-only: the two tile rows alone (no browser, no incident bytes)
  if (!process.argv.includes('--ratios-only')) {
    // 3. first render + initial JS
    results.browser = await measureBrowser(server.port);
    console.log('browser', results.browser);

    // 4. 1 M incidents on the wire
    results.incidents = await measureIncidents(server.port, database);
    console.log('incidents', results.incidents);
  }

  server.child.kill('SIGTERM');
  agent.destroy();
  await database.close();
  mkdirSync('bench/results', { recursive: true });
  const file = process.argv.includes('--ratios-only') ? 'bench/results/tiles-ratios.json' : 'bench/results/tiles.json';
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), scale, loadAverageAtEnd: os.loadavg()[0]!.toFixed(1), ...results }, null, 2)}\n`);
}

/**
 * Cached tiles/s at 50 keep-alive connections over 300 versioned URLs (the style's form, gzip), against
 * the floor: a bare node:http server in this process sending one stored tile body of about their mean
 * size with the same content headers. wrk when installed (a C client leaves the cores to the servers),
 * else 50 Node.js workers; 3 rounds each, interleaved, medians.
 */
/** Each layer's current tile version, from its TileJSON (the `?v=` of its tile URL). */
async function layerVersions(port: number): Promise<Map<string, string>> {
  const versions = new Map<string, string>();
  for (const layer of tileLayerIds) {
    const json = await new Promise<string>((resolve, reject) =>
      http
        .get({ host: '127.0.0.1', port, path: `/tiles/${layer}`, agent }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk));
          res.on('end', () => resolve(text));
        })
        .on('error', reject),
    );
    versions.set(layer, /[?&]v=(\d+)/.exec(json)![1]!);
  }
  return versions;
}

async function measureCached(port: number, tiles: [TileLayerId, number, number, number][]) {
  const versions = await layerVersions(port);
  const paths: string[] = [];
  const sizes: number[] = [];
  for (const [layer, z, x, y] of tiles) {
    if (paths.length === 300) break;
    const path = `/tiles/${layer}/${z}/${x}/${y}.pbf?v=${versions.get(layer)}`;
    const res = await get(port, path);
    if (res.status !== 200) continue;
    paths.push(path);
    sizes.push(res.bytes);
  }
  const mean = sum(sizes) / sizes.length;
  const stored = sizes.reduce((best, size) => (Math.abs(size - mean) < Math.abs(best - mean) ? size : best));
  const body = randomBytes(stored);
  const bare = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/vnd.mapbox-vector-tile', 'content-encoding': 'gzip', 'content-length': body.length }).end(body),
  );
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const barePort = (bare.address() as AddressInfo).port;
  const useWrk = hasWrk();
  const once = async (target: number) => {
    if (useWrk) return (await wrk(target, paths, { connections: 50, seconds: 5, headers: { 'Accept-Encoding': 'gzip' } })).requestsPerSecond;
    let done = 0;
    const until = performance.now() + 5000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async (_, worker) => {
        for (let i = worker; performance.now() < until; i += 50) {
          await get(target, paths[i % paths.length]!);
          done++;
        }
      }),
    );
    return Math.round(done / ((performance.now() - started) / 1000));
  };
  const api: number[] = [];
  const floor: number[] = [];
  for (let round = 0; round < 3; round++) {
    api.push(await once(port));
    floor.push(await once(barePort));
  }
  bare.close();
  return {
    loadGenerator: useWrk ? 'wrk' : 'node',
    connections: 50,
    urls: paths.length,
    meanBodyBytes: Math.round(mean),
    storedBodyBytes: stored,
    tilesPerSecondMedian: median(api),
    bareStoredBodyPerSecondMedian: median(floor),
    ratio: +(median(api) / median(floor)).toFixed(3),
    runs: { api, bare: floor },
    loadAverage: os.loadavg()[0]!.toFixed(1),
  };
}

async function measureBrowser(port: number) {
  const { launchBrowser } = await import('../tests/support/browser.ts');
  const browser = await launchBrowser();
  const renders: number[] = [];
  let js = 0;
  for (let run = 0; run < 3; run++) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => (window as any).__pingan !== undefined, null, { timeout: 60_000 });
    renders.push(await page.evaluate(() => (window as any).__pingan.firstRender));
    js = await page.evaluate(
      () =>
        performance
          .getEntriesByType('resource')
          .filter((e: any) => e.initiatorType === 'script' || e.initiatorType === 'link' || /\.js$/.test(e.name))
          .filter((e: any) => /\.js(\?|$)/.test(e.name))
          .reduce((total: number, e: any) => total + e.encodedBodySize, 0) as number,
    );
    await context.close();
  }
  await browser.close();
  return { firstRenderMsMedian: Math.round(median(renders)), runs: renders.map(Math.round), initialJsGzipBytes: js };
}

async function measureIncidents(port: number, database: ReturnType<typeof connectDatabase>) {
  const n = 1_000_000;
  const random = rng(7);
  const positions = new Float32Array(n * 2);
  const attributes = new Uint8Array(n * 2);
  for (let i = 0; i < n; i++) {
    positions[i * 2] = 122.42 + random() * 1.39;
    positions[i * 2 + 1] = 41.19 + random() * 1.85;
    attributes[i * 2] = (Math.floor(random() * 10) << 4) | Math.floor(random() * 9);
    attributes[i * 2 + 1] = Math.floor(random() * 48);
  }
  const header = { categories: [], categoryNames: {}, statuses: [], monthZero: '2018-01', weighted: false, version: 1 };
  const wire = encodeIncidentWire(header, positions, attributes);
  const { rows } = await database.pool.query('SELECT count(*)::int AS n FROM incidents');
  // the real endpoint, signed in as an admin through an API token made for the run
  const real = await realEndpointBytes(port, database);
  return {
    syntheticMillion: { rawBytes: wire.length, gzipBytes: gzipSync(wire, { level: 6 }).length },
    endpoint: { incidents: rows[0].n, ...real },
  };
}

async function realEndpointBytes(port: number, database: ReturnType<typeof connectDatabase>) {
  const { createAccount, removeAccounts } = await import('../tests/support/accounts.ts');
  const account = await createAccount(database, { role: 'admin' }, 'bench');
  try {
    const res = await new Promise<{ bytes: number; gzip: boolean }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/api/layers/incidents', headers: { ...account.bearer, 'accept-encoding': 'gzip' } }, (r) => {
          let bytes = 0;
          r.on('data', (c: Buffer) => (bytes += c.length));
          r.on('end', () => resolve({ bytes, gzip: r.headers['content-encoding'] === 'gzip' }));
        })
        .on('error', reject);
    });
    return { wireBytes: res.bytes, gzip: res.gzip };
  } finally {
    await removeAccounts(database, [account]);
  }
}

if (process.argv.includes('--serve')) {
  const { serveForBench } = await import('./tiles-server.ts');
  await serveForBench({ bare: true });
} else {
  await main();
}
