/**
 * #18 item 1 through the app: with a reader (DATABASE_READ_URL) a write hands back the primary's WAL
 * position and later reads say which server answered; without one (and always on the embedded engine)
 * nothing changes — no position, no routing header. The replica here is the test database itself (a
 * server not in recovery reports its own WAL position, so it always qualifies); lag, fallback and
 * failover are the rig's (tests/rig/scale-out.test.ts) and the router's unit test's.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openReader } from '../../db/client.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { insertAccessFixture, removeAccessFixture } from '../support/access-fixture.ts';

const { mode, connection } = inject('database');
const database = connectTestDatabase();
const reader = openReader(database, mode === 'postgis' ? [String(connection.connectionString)] : [], { pollMs: 20 });
const routed = createApp({ database, env: testEnv(), reader });
const plain = createApp({ database, env: testEnv() });
let commander: TestAccount;

beforeAll(async () => {
  await insertAccessFixture(database);
  commander = await createAccount(database, { role: 'commander', scopeCode: null }, 'rrt');
});
afterAll(async () => {
  await removeAccounts(database, [commander]);
  await removeAccessFixture(database);
  if (reader !== database) await reader.close();
  await database.close();
});

const report = (app: typeof plain, key: string) =>
  app.request('/api/incidents', {
    method: 'POST',
    headers: { ...commander.bearer, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ category: 'theft', description: '读写分离测试', location: { lon: 124.005, lat: 40.005 } }),
  });

describe('read routing through the app', () => {
  it(`${mode}: ${mode === 'postgis' ? 'a write returns its WAL position; reads of routed groups name their server' : 'no reader: no position, no routing header'}`, async () => {
    const written = await report(routed, `rrt-${Date.now()}-a`);
    expect(written.status).toBe(201);
    const lsn = written.headers.get('x-write-lsn');
    const read = await routed.request('/api/kpis/summary', { headers: { ...commander.bearer, ...(lsn ? { 'x-write-lsn': lsn } : {}) } });
    expect(read.status).toBe(200);
    if (mode === 'embedded') {
      expect(reader).toBe(database);
      expect(lsn).toBeNull();
      expect(written.headers.get('set-cookie') ?? '').not.toContain('pingan_lsn');
      expect(read.headers.get('x-read-source')).toBeNull();
      return;
    }
    expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(written.headers.get('set-cookie')).toMatch(/pingan_lsn=[0-9A-F]+%2F[0-9A-F]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax/);
    // the reader's poll sees this server at or past the write: the read is the replica's
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await routed.request('/api/kpis/summary', { headers: { ...commander.bearer, 'x-write-lsn': lsn! } });
    expect(again.headers.get('x-read-source')).toBe('replica');
    // a position no server has reached yet: the primary answers; a forged one is ignored, not an error
    const ahead = await routed.request('/api/kpis/summary', { headers: { ...commander.bearer, 'x-write-lsn': 'FFFFFFFF/FFFFFFFF' } });
    expect(ahead.headers.get('x-read-source')).toBe('primary');
    const forged = await routed.request('/api/kpis/summary', { headers: { ...commander.bearer, 'x-write-lsn': "0/1'; DROP" } });
    expect(forged.status).toBe(200);
    // sessions, writes and the live feed never go through the reader; without a reader nothing is added
    const unrouted = await plain.request('/api/kpis/summary', { headers: commander.bearer });
    expect(unrouted.headers.get('x-read-source')).toBeNull();
    expect((await report(plain, `rrt-${Date.now()}-b`)).headers.get('x-write-lsn')).toBeNull();
  });
});
