/**
 * `?api_key=` on the OGC routes (QGIS 3.22 cannot send a header): the same token lookup, scope, masking,
 * audit and revocation as a Bearer header; only for reads of /ogc; never an admin's token; never in a
 * log or audit row in clear.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.ts';
import { setLogLevel } from '../../core/log.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, login, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { gdal, hasGdal, listen } from '../support/gdal.ts';
import { IA, iincidents, insertInteropFixture, removeInteropFixture } from '../support/interop-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let commander: TestAccount;
let admin: TestAccount;
const keyOf = (account: TestAccount) => account.bearer.authorization!.replace(/^Bearer /, '');

beforeAll(async () => {
  await insertInteropFixture(database);
  commander = await createAccount(database, { role: 'commander', scopeCode: IA.district }, 'ogckey');
  admin = await createAccount(database, { role: 'admin' }, 'ogckey');
});
afterAll(async () => {
  await removeAccounts(database, [commander, admin].filter(Boolean));
  await removeInteropFixture(database);
  await database.close();
});

const box = 'bbox=125,42,125.06,42.02';
const get = async (path: string, init: RequestInit = {}) => {
  const res = await app.request(`http://localhost${path}`, init);
  const text = await res.text();
  return { status: res.status, json: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined, text };
};
const codes = (body: { features: { id: string }[] }) => body.features.map((f) => f.id);

describe('api_key on the OGC routes', () => {
  it("reads incidents with the token's scope and masking, as the Bearer header does", async () => {
    const byKey = await get(`/ogc/collections/incidents/items?${box}&api_key=${keyOf(commander)}`);
    const byHeader = await get(`/ogc/collections/incidents/items?${box}`, { headers: commander.bearer });
    expect(byKey.status).toBe(200);
    expect(codes(byKey.json)).toEqual([iincidents.a1, iincidents.a2]);
    expect(codes(byKey.json)).toEqual(codes(byHeader.json));
    expect(byKey.json.features[0].properties.reporter_name).toMatch(/^欧\*/);
    expect((await get(`/ogc/collections/incidents/items?${box}`)).status).toBe(401);
    // the key is a credential, not a property filter, on every layer route too
    expect((await get(`/ogc/collections/grid_cells/items?${box}&api_key=${keyOf(commander)}`)).status).toBe(200);
  });

  it('records the read in the audit log under the account, with the key redacted', async () => {
    const requestId = `ogckey-${Date.now()}`;
    const res = await get(`/ogc/collections/incidents/items?${box}&api_key=${keyOf(commander)}`, { headers: { 'x-request-id': requestId } });
    expect(res.status).toBe(200);
    const { rows } = await database.pool.query(`SELECT action, detail FROM audit_log WHERE username = $1 ORDER BY id DESC LIMIT 1`, [commander.username]);
    expect(rows[0].action).toBe('read_personal');
    expect(rows[0].detail.query).toContain('api_key=***');
    const { rows: leaks } = await database.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE detail::text LIKE $1`, [`%${keyOf(commander)}%`]);
    expect(leaks[0].n).toBe(0);
  });

  it('keeps the key out of the request log', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    setLogLevel('info');
    try {
      await get(`/ogc/collections/incidents/items?${box}&api_key=${keyOf(commander)}`);
      await get(`/ogc/collections/incidents/items?${box}&api_key=pgt_not-a-real-token`);
    } finally {
      setLogLevel('silent');
      spy.mockRestore();
    }
    expect(lines.some((line) => line.includes('/ogc/collections/incidents/items'))).toBe(true);
    expect(lines.join('')).not.toContain(keyOf(commander));
    expect(lines.join('')).not.toContain('pgt_not-a-real-token');
  });

  it('refuses an unknown or revoked key with 401, and an admin token in a URL with 403', async () => {
    expect((await get(`/ogc/collections/grid_cells/items?api_key=pgt_unknown`)).status).toBe(401);
    const revoked = await createAccount(database, { role: 'planner' }, 'ogckey');
    try {
      expect((await get(`/ogc/collections/districts?api_key=${keyOf(revoked)}`)).status).toBe(200);
      await database.pool.query(`UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1`, [revoked.id]);
      expect((await get(`/ogc/collections/districts?api_key=${keyOf(revoked)}`)).status).toBe(401);
    } finally {
      await removeAccounts(database, [revoked]);
    }
    const res = await get(`/ogc/collections/incidents/items?api_key=${keyOf(admin)}`);
    expect(res.status).toBe(403);
    expect(res.json.error.field).toBe('api_key');
  });

  it('is not a credential outside OGC reads, nor beside a header or instead of a session', async () => {
    for (const path of [`/api/incidents?api_key=${keyOf(commander)}`, `/tiles/districts?api_key=${keyOf(commander)}`]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.json.error.field, path).toBe('api_key');
    }
    const both = await get(`/ogc/collections/incidents/items?api_key=${keyOf(commander)}`, { headers: commander.bearer });
    expect(both.json.error.field).toBe('api_key');
    // a session cookie's value is no API token
    const session = await login(app, commander.username);
    const cookieValue = session.cookie.split('=')[1]!;
    expect((await get(`/ogc/collections/incidents/items?api_key=${cookieValue}`)).status).toBe(401);
  });
});

describe.skipIf(!hasGdal)('GDAL OAPIF with api_key in the connection URL (QGIS 3.22)', () => {
  it('lists incidents and reads them in scope, over every page', async () => {
    const server = await listen(app);
    try {
      const url = `OAPIF:${server.url}/ogc?api_key=${keyOf(commander)}`;
      const list = await gdal('ogrinfo', ['-ro', '-q', url]);
      expect(list.code, list.output).toBe(0);
      expect(list.output).toMatch(/: incidents/);
      const { code, output } = await gdal('ogrinfo', ['-ro', '-al', '-oo', 'PAGE_SIZE=1', '-spat', '125', '42', '125.06', '42.02', url, 'incidents']);
      expect(code, output).toBe(0);
      const printed = [...output.matchAll(/^\s+code \(String\) = (.+)$/gm)].map((m) => m[1]!.trim()).sort();
      expect(printed).toEqual([iincidents.a1, iincidents.a2]);
    } finally {
      await server.close();
    }
  });
});
