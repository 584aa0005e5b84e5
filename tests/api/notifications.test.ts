import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { P, insertIncidentFixture, removeIncidentFixture, workerC1 } from '../support/incident-fixture.ts';
import { notificationListSchema } from '../../core/contracts/centers.ts';
import { deliverDue } from '../../server/workflow/deliver.ts';

const database = connectTestDatabase();
const second = connectTestDatabase(); // a second process's pool: both run the deliverer
let receiver: Server;
let url = '';
/** what the receiver saw: every request, and how it answered */
const seen: { key: string; status: number; body: { incidentId: number; kind: string } }[] = [];
/** requests per idempotency key the receiver refuses before it accepts one */
let failFirst = 2;
let commander: TestAccount, admin: TestAccount;
let app: ReturnType<typeof createApp>;

const readBody = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text) as { incidentId: number; kind: string };
};

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    const key = String(req.headers['idempotency-key'] ?? '');
    const body = await readBody(req);
    const refused = seen.filter((s) => s.key === key).length < failFirst;
    const status = refused ? 503 : 200;
    seen.push({ key, status, body });
    res.writeHead(status).end(refused ? 'try later' : 'ok');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
  app = createApp({ database, env: testEnv({ NOTIFY_WEBHOOK_URL: url }) });
  await insertIncidentFixture(database);
  commander = await createAccount(database, { role: 'commander', scopeCode: null }, 'ntf');
  admin = await createAccount(database, { role: 'admin', scopeCode: null }, 'ntf');
});
afterAll(async () => {
  await removeIncidentFixture(database);
  await removeAccounts(database, [commander, admin]);
  await new Promise((resolve) => receiver.close(resolve));
  await Promise.all([database.close(), second.close()]);
});

const post = (path: string, body: unknown) =>
  app.request(path, { method: 'POST', headers: { ...commander.bearer, 'content-type': 'application/json' }, body: JSON.stringify(body) });
async function dispatchedCase(): Promise<number> {
  const created = (await (await post('/api/incidents', { category: 'environment', location: P.g1 })).json()) as { id: number };
  expect((await post(`/api/incidents/${created.id}/actions`, { action: 'register' })).status).toBe(200);
  expect((await post(`/api/incidents/${created.id}/actions`, { action: 'dispatch', assignee: { kind: 'grid_worker', code: workerC1 } })).status).toBe(200);
  return created.id;
}
const record = async (incidentId: number) => {
  const res = await app.request(`/api/admin/notifications?incidentId=${incidentId}`, { headers: admin.bearer });
  expect(res.status).toBe(200);
  return notificationListSchema.parse(await res.json()).items;
};

describe('notification outbox', () => {
  it('delivers a dispatch notice once per channel to a webhook that fails twice, with two processes delivering', async () => {
    failFirst = 2;
    const id = await dispatchedCase();
    const options = { webhookUrl: url, maxAttempts: 8, baseDelaySeconds: 0 };
    // rounds of four concurrent deliverers on two pools until nothing is left for this case
    for (let round = 0; round < 10; round++) {
      await Promise.all([deliverDue(database, options), deliverDue(second, options), deliverDue(database, options), deliverDue(second, options)]);
      const [notice] = await record(id);
      if (notice?.deliveries.every((d) => d.status !== 'pending')) break;
    }
    const mine = seen.filter((s) => s.body.incidentId === id);
    expect(mine.map((s) => s.status)).toEqual([503, 503, 200]); // retried, then accepted exactly once
    expect(new Set(mine.map((s) => s.key)).size).toBe(1); // one idempotency key for the delivery's every attempt
    expect(mine[0]!.body.kind).toBe('dispatched');

    const [notice] = await record(id);
    expect(notice).toMatchObject({ kind: 'dispatched', recipientKind: 'grid_worker', recipientCode: workerC1 });
    const byChannel = Object.fromEntries(notice!.deliveries.map((d) => [d.channel, d]));
    expect(byChannel.log).toMatchObject({ status: 'sent', attempts: 1 });
    expect(byChannel.webhook).toMatchObject({ status: 'sent', attempts: 3, lastError: null, sent: { status: 200, url, idempotencyKey: mine[0]!.key } });

    // nothing is sent again later
    await Promise.all([deliverDue(database, options), deliverDue(second, options)]);
    expect(seen.filter((s) => s.body.incidentId === id)).toHaveLength(3);
  });

  it('gives a delivery up after the last attempt and keeps the error', async () => {
    failFirst = 100;
    const id = await dispatchedCase();
    for (let round = 0; round < 4; round++) await deliverDue(database, { webhookUrl: url, maxAttempts: 3, baseDelaySeconds: 0 });
    expect(seen.filter((s) => s.body.incidentId === id).map((s) => s.status)).toEqual([503, 503, 503]);
    const webhook = (await record(id))[0]!.deliveries.find((d) => d.channel === 'webhook');
    expect(webhook).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 503', sentAt: null });
  });

  it('shows the record to admins only', async () => {
    expect((await app.request('/api/admin/notifications', { headers: commander.bearer })).status).toBe(403);
  });
});
