/** #13 item 7: idempotency keys belong to the caller, and a key reused with another body is a 409. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { insertAccessFixture, removeAccessFixture } from '../support/access-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
const accounts: TestAccount[] = [];
let first: TestAccount;
let second: TestAccount;

beforeAll(async () => {
  await insertAccessFixture(database);
  first = await createAccount(database, { role: 'commander', scopeCode: null }, 'hidem');
  second = await createAccount(database, { role: 'commander', scopeCode: null }, 'hidem');
  accounts.push(first, second);
});
afterAll(async () => {
  await removeAccounts(database, accounts);
  await removeAccessFixture(database);
  await database.close();
});

const theft = (description: string) => ({ category: 'theft', description, location: { lon: 124.005, lat: 40.005 } });
const report = (who: TestAccount, body: unknown, key: string) =>
  app.request('/api/incidents', {
    method: 'POST',
    headers: { ...who.bearer, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
const form = (who: TestAccount, fields: Record<string, string>, key: string) =>
  app.request('/open311/v2/requests.json', {
    method: 'POST',
    headers: { ...who.bearer, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key },
    body: new URLSearchParams(fields).toString(),
  });

describe('idempotency keys', () => {
  it('are scoped to the caller: the same key from two users makes two cases, each replayed only to its owner', async () => {
    const key = `shared-key-${Date.now()}`;
    const a = await report(first, theft('甲的报告'), key);
    const b = await report(second, theft('乙的报告'), key);
    expect([a.status, b.status]).toEqual([201, 201]);
    const [idA, idB] = [(await a.json()).id, (await b.json()).id];
    expect(idA).not.toBe(idB);
    const replayA = await report(first, theft('甲的报告'), key);
    expect(replayA.status).toBe(200);
    expect((await replayA.json()).id).toBe(idA);
    const replayB = await report(second, theft('乙的报告'), key);
    expect((await replayB.json()).id).toBe(idB);
  });

  it('refuses a key reused with a different body: 409 idempotency_conflict naming idempotencyKey, nothing stored', async () => {
    const key = `changed-body-${Date.now()}`;
    expect((await report(first, theft('原来的描述'), key)).status).toBe(201);
    const changed = await report(first, theft('另一个描述'), key);
    expect(changed.status).toBe(409);
    expect((await changed.json()).error).toMatchObject({ code: 'idempotency_conflict', field: 'idempotencyKey' });
    // the body's own key field is the same key: key order and the key itself do not change the hash
    const reordered = await report(first, { location: { lat: 40.005, lon: 124.005 }, description: '原来的描述', category: 'theft', idempotencyKey: key }, key);
    expect(reordered.status).toBe(200);
    const { rows } = await database.pool.query(`SELECT count(*)::int AS n FROM incidents WHERE idempotency_key = $1`, [key]);
    expect(rows[0].n).toBe(1);
  });

  it('works the same through Open311', async () => {
    const key = `o311-scope-${Date.now()}`;
    const fields = { service_code: 'theft', lat: '40.005', long: '124.005', description: '自行车被盗' };
    expect((await form(first, fields, key)).status).toBe(201);
    expect((await form(first, fields, key)).status).toBe(200);
    expect((await form(second, fields, key)).status).toBe(201);
    const changed = await form(first, { ...fields, description: '电动车被盗' }, key);
    expect(changed.status).toBe(409);
    // GeoReport's own error format, the field named in the description
    const [error] = (await changed.json()) as { code: number; description: string }[];
    expect(error).toMatchObject({ code: 409, description: expect.stringMatching(/^Idempotency-Key: /) });
  });
});
