import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../server/app.ts';
import { fastTileServer } from '../../server/routes/tiles/fast-path.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { insertMapFixture, removeMapFixture } from '../support/map-fixture.ts';
import { lonLatToTile } from '../../db/tiles/tile-math.ts';

// The same app behind two servers: `plain` sends every request through the middleware chain, `fast`
// has the cached-tile fast path in front (as `npm start` does). Every answer must be the same.
const database = connectTestDatabase();
const env = testEnv();
const app = createApp({ database, env });
let chainCalls = 0;
let plain: Server;
let fast: Server;
let planner: TestAccount;

const listen = (server: Server) => new Promise<number>((resolve) => server.once('listening', () => resolve((server.address() as AddressInfo).port)));
let plainPort = 0;
let fastPort = 0;

beforeAll(async () => {
  await insertMapFixture(database);
  planner = await createAccount(database, { role: 'planner' }, 'fastpath');
  plain = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  const counted = (request: Request) => {
    chainCalls++;
    return app.fetch(request);
  };
  fast = serve({ fetch: counted, port: 0, hostname: '127.0.0.1', createServer: fastTileServer({ database, env }, app.fetch) }) as Server;
  [plainPort, fastPort] = await Promise.all([listen(plain), listen(fast)]);
});
afterAll(async () => {
  plain.close();
  fast.close();
  await removeAccounts(database, [planner]);
  await removeMapFixture(database);
  await database.close();
});

const version = async (layer: string) => {
  const json = (await (await fetch(`http://127.0.0.1:${plainPort}/tiles/${layer}`)).json()) as { tiles: string[] };
  return /[?&]v=(\d+)/.exec(json.tiles[0]!)![1]!;
};

const tilePath = async (layer: string, z: number, lon = 124.6, lat = 41.08) => {
  const { x, y } = lonLatToTile(lon, lat, z);
  return `/tiles/${layer}/${z}/${x}/${y}.pbf?v=${await version(layer)}`;
};

async function both(path: string, headers: Record<string, string> = { 'accept-encoding': 'gzip' }) {
  const get = async (port: number) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    const body = Buffer.from(await res.arrayBuffer());
    const fields = Object.fromEntries([...res.headers].filter(([name]) => name !== 'x-request-id' && name !== 'date'));
    return { status: res.status, fields, body, requestId: res.headers.get('x-request-id') };
  };
  const reference = await get(plainPort);
  const before = chainCalls;
  const answered = await get(fastPort);
  return { reference, answered, viaChain: chainCalls > before };
}

/** Asks until the fast path answers (its header template is made from the first eligible request). */
async function viaFastPath(path: string, headers?: Record<string, string>) {
  for (let i = 0; i < 50; i++) {
    const result = await both(path, headers);
    if (!result.viaChain) return result;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${path} never took the fast path`);
}

describe('cached-tile fast path', () => {
  it('answers a cached versioned tile with exactly the headers and bytes of the middleware chain', async () => {
    const { reference, answered } = await viaFastPath(await tilePath('grid_cells', 14));
    expect(reference.status).toBe(200);
    expect(reference.fields['content-encoding']).toBe('gzip');
    expect(answered.status).toBe(reference.status);
    expect(answered.fields).toEqual(reference.fields);
    expect(answered.body.equals(reference.body)).toBe(true);
    expect(answered.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads a tile it has not cached yet through the same tile service, with the same answer', async () => {
    await viaFastPath(await tilePath('grid_cells', 14));
    // a tile neither server asked for yet: the fast server reads it first, then the plain one finds it cached
    const path = await tilePath('communities', 13);
    const before = chainCalls;
    const first = await fetch(`http://127.0.0.1:${fastPort}${path}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(first.status).toBe(200);
    expect(chainCalls).toBe(before);
    const { reference, answered } = await both(path);
    expect(answered.fields).toEqual(reference.fields);
  });

  it('keeps a plain request id the client sent, as the chain does', async () => {
    const path = await tilePath('grid_cells', 14);
    await viaFastPath(path);
    const { answered, viaChain } = await both(path, { 'accept-encoding': 'gzip', 'x-request-id': 'trace-42' });
    expect(viaChain).toBe(false);
    expect(answered.requestId).toBe('trace-42');
  });

  it('leaves credentials, revalidation, other encodings and bad tiles to the chain', async () => {
    const path = await tilePath('grid_cells', 14);
    await viaFastPath(path);
    const cases: [string, Record<string, string>, number][] = [
      [path, { 'accept-encoding': 'gzip', cookie: 'pingan_session=forged' }, 401],
      [path, { 'accept-encoding': 'gzip', ...planner.bearer }, 200],
      [path, { 'accept-encoding': 'gzip', 'if-none-match': 'W/"x"' }, 200],
      [path, { 'accept-encoding': 'identity' }, 200],
      ['/tiles/grid_cells/3/1/0.pbf?v=1', { 'accept-encoding': 'gzip' }, 404],
      ['/tiles/grid_cells/14/99999/0.pbf?v=1', { 'accept-encoding': 'gzip' }, 400],
    ];
    for (const [target, headers, status] of cases) {
      const { reference, answered, viaChain } = await both(target, headers);
      expect(viaChain, `${target} ${JSON.stringify(headers)}`).toBe(true);
      expect(reference.status).toBe(status);
      expect(answered.status).toBe(status);
      expect(answered.fields).toEqual(reference.fields);
    }
  });
});
