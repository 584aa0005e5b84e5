/**
 * Interoperability benchmark (PostGIS). Run: `DATABASE_URL=postgres://… npx tsx bench/interop.ts` (seeds the
 * small demo city into an empty database first). In-process requests (no network), medians of 5 after one
 * warm-up; a temporary admin token is created and removed. Writes bench/results/interop.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { connectDatabase, migrateDatabase } from '../db/client.ts';
import { seedDemoIfEmpty } from '../geodata/demo.ts';
import { createApp } from '../server/app.ts';
import { parseEnv } from '../core/env.ts';
import { createUser } from '../db/queries/auth.ts';
import { createApiToken } from '../db/queries/auth-tokens.ts';
import { apiTokenPrefix, randomToken, sha256Hex } from '../server/access/tokens.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to a PostGIS database (the small demo is seeded when it is empty)');
const database = connectDatabase('postgis', { connectionString: url });
await migrateDatabase(database);
await seedDemoIfEmpty(database, { scale: 'small', dataDir: process.env.DATA_DIR ?? '.data' });
const app = createApp({ database, env: parseEnv({ LOG_LEVEL: 'silent', DEMO_SEED: 'none' }) });

const username = `bench-interop-${Date.now()}`;
const user = await createUser(database.db, { username, displayName: username, passwordHash: 'x', role: 'admin' });
const token = randomToken(apiTokenPrefix);
await createApiToken(database.db, { userId: user!.id, name: 'bench', tokenHash: sha256Hex(token) });
const headers = { authorization: `Bearer ${token}` };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
async function measure(path: string): Promise<{ path: string; ms: number; bytes: number; status: number }> {
  const once = async () => {
    const started = performance.now();
    const res = await app.request(path, { headers });
    const bytes = (await res.arrayBuffer()).byteLength;
    return { ms: performance.now() - started, bytes, status: res.status };
  };
  await once();
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await once());
  return { path, ms: Math.round(median(runs.map((r) => r.ms)) * 10) / 10, bytes: runs[0]!.bytes, status: runs[0]!.status };
}

const paths = [
  '/ogc/collections',
  '/ogc/collections/grid_cells/items?limit=1000',
  '/ogc/collections/incidents/items?limit=1000',
  '/ogc/collections/incidents/items?limit=1000&crs=EPSG:3857',
  '/open311/v2/services.json',
  '/open311/v2/requests.json?start_date=2021-10-01T00:00:00Z&end_date=2021-12-29T00:00:00Z',
  '/api/exports/grid_cells?format=csv',
  '/api/exports/grid_cells?format=geojson',
  '/api/exports/grid_cells?format=gpkg',
  '/api/exports/incidents?format=csv',
  '/api/exports/incidents?format=gpkg',
  '/api/openapi.json',
];
try {
  const results = [];
  for (const path of paths) {
    const result = await measure(path);
    results.push(result);
    console.log(`${String(result.ms).padStart(8)} ms  ${String(result.bytes).padStart(9)} B  ${result.status}  ${path}`);
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/interop.json', JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
} finally {
  await database.pool.query('DELETE FROM users WHERE username = $1', [username]);
  await database.close();
}
