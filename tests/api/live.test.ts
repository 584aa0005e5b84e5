import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { F, P, insertIncidentFixture, removeIncidentFixture, workerC1 } from '../support/incident-fixture.ts';
import { sseReader, type SseEvent } from '../support/sse.ts';
import { escalateOverdue } from '../../db/queries/incidents-workflow.ts';

// Two "server processes": separate pools, separate apps (each with its own live hub and LISTEN client).
const databaseA = connectTestDatabase();
const databaseB = connectTestDatabase();
const appA = createApp({ database: databaseA, env: testEnv() });
const appB = createApp({ database: databaseB, env: testEnv() });
let commander: TestAccount, commanderD2: TestAccount, worker: TestAccount;
const servers: ServerType[] = [];

beforeAll(async () => {
  await insertIncidentFixture(databaseA);
  commander = await createAccount(databaseA, { role: 'commander', scopeCode: F.d1 }, 'live');
  commanderD2 = await createAccount(databaseA, { role: 'commander', scopeCode: F.d2 }, 'live');
  worker = await createAccount(databaseA, { role: 'grid_worker', scopeCode: F.c1, workerCode: workerC1 }, 'live');
});
afterAll(async () => {
  for (const server of servers) server.close();
  await removeIncidentFixture(databaseA);
  await removeAccounts(databaseA, [commander, commanderD2, worker]);
  await Promise.all([databaseA.close(), databaseB.close()]);
});

type App = typeof appA;
const create = async (app: App, location = P.g1) => {
  const res = await app.request('/api/incidents', {
    method: 'POST',
    headers: { ...commander.bearer, 'content-type': 'application/json' },
    body: JSON.stringify({ category: 'environment', location }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
};
const createIn = async (app: App, who: TestAccount, location: { lon: number; lat: number }) => {
  const res = await app.request('/api/incidents', {
    method: 'POST',
    headers: { ...who.bearer, 'content-type': 'application/json' },
    body: JSON.stringify({ category: 'environment', location }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
};
const subscribe = async (app: App, who: TestAccount, headers: Record<string, string> = {}, query = '') => {
  const sse = sseReader(await app.request(`/api/live${query}`, { headers: { ...who.bearer, ...headers } }));
  const ready = await sse.next(10_000);
  expect(ready.event).toBe('ready');
  return sse;
};
const data = (e: SseEvent) => JSON.parse(e.data) as { id: number; kind: string; action: string; districtCode: string };
const forIncident = (id: number) => (e: SseEvent) => e.event !== 'ready' && data(e).id === id;

describe('GET /api/live (SSE)', () => {
  it('streams created, updated and overdue events with the event id', async () => {
    const sse = await subscribe(appA, commander);
    try {
      const id = await create(appA);
      const [created] = (await sse.until(forIncident(id))).slice(-1);
      expect(created!.event).toBe('created');
      expect(Number(created!.id)).toBeGreaterThan(0);
      expect(data(created!)).toMatchObject({ id, action: 'report', districtCode: F.d1 });
      expect(created!.data).not.toMatch(/reporter/i);

      await appA.request(`/api/incidents/${id}/actions`, {
        method: 'POST',
        headers: { ...commander.bearer, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'register' }),
      });
      const updated = (await sse.until(forIncident(id))).at(-1)!;
      expect([updated.event, data(updated).action]).toEqual(['updated', 'register']);
      expect(Number(updated.id)).toBeGreaterThan(Number(created!.id));

      await databaseA.pool.query(`UPDATE incidents SET stage_due_at = now() - interval '1 minute' WHERE id = $1`, [id]);
      await escalateOverdue(databaseA.db);
      const overdue = (await sse.until(forIncident(id))).at(-1)!;
      expect([overdue.event, data(overdue).action]).toEqual(['overdue', 'escalate']);
    } finally {
      await sse.close();
    }
  });

  it("filters the stream by the caller's area and by ?area=", async () => {
    const other = await subscribe(appA, commanderD2);
    const mine = await subscribe(appA, worker);
    const onlyS2 = await subscribe(appA, commander, {}, `?area=${F.s2}`);
    try {
      const inD1 = await create(appA, P.g3); // D1, street S1, community C2 (not the worker's)
      const inC1 = await create(appA, P.g1);
      const inS2 = await create(appA, P.g4);
      const inD2 = await createIn(appA, commanderD2, P.g5);
      const firstOther = (await other.until((e) => e.event === 'created')).at(-1)!;
      expect(data(firstOther).id).toBe(inD2); // the D1 ones never reached the D2 commander
      const firstMine = (await mine.until((e) => e.event === 'created')).at(-1)!;
      expect(data(firstMine).id).toBe(inC1);
      const firstS2 = (await onlyS2.until((e) => e.event === 'created')).at(-1)!;
      expect(data(firstS2).id).toBe(inS2);
      expect(inD1).toBeGreaterThan(0);
    } finally {
      await Promise.all([other.close(), mine.close(), onlyS2.close()]);
    }
  });

  it('resumes after Last-Event-ID without losing or repeating events', async () => {
    const sse = await subscribe(appA, commander);
    const first = await create(appA);
    const seen = (await sse.until(forIncident(first))).at(-1)!;
    await sse.close();
    const missed = [await create(appA), await create(appB), await create(appA)];
    const resumed = await subscribe(appB, commander, { 'last-event-id': seen.id! });
    try {
      const events = await resumed.until(forIncident(missed[2]!));
      expect(events.map((e) => data(e).id)).toEqual(missed);
      expect(events.map((e) => Number(e.id))).toEqual([...events.map((e) => Number(e.id))].sort((a, b) => a - b));
      const later = await create(appA);
      expect(data((await resumed.until(forIncident(later))).at(-1)!).id).toBe(later);
    } finally {
      await resumed.close();
    }
    expect((await appA.request('/api/live', { headers: { ...commander.bearer, 'last-event-id': 'x' } })).status).toBe(400);
    expect((await appA.request('/api/live')).status).toBe(401);
  });

  it('two server processes over HTTP: each delivers events created through the other', async () => {
    const listen = (app: App) =>
      new Promise<string>((resolve) => {
        const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
        servers.push(server);
      });
    const [urlA, urlB] = await Promise.all([listen(appA), listen(appB)]);
    const open = async (url: string) => {
      const sse = sseReader(await fetch(`${url}/api/live`, { headers: commander.bearer }));
      expect((await sse.next(10_000)).event).toBe('ready');
      return sse;
    };
    const [onA, onB] = await Promise.all([open(urlA), open(urlB)]);
    try {
      const post = async (url: string) => {
        const res = await fetch(`${url}/api/incidents`, {
          method: 'POST',
          headers: { ...commander.bearer, 'content-type': 'application/json' },
          body: JSON.stringify({ category: 'environment', location: P.g2 }),
        });
        return ((await res.json()) as { id: number }).id;
      };
      const viaA = await post(urlA);
      const viaB = await post(urlB);
      for (const sse of [onA, onB]) {
        const events = await sse.until(forIncident(viaB), 5000);
        expect(events.filter((e) => e.event === 'created').map((e) => data(e).id)).toEqual([viaA, viaB]);
      }
    } finally {
      await Promise.all([onA.close(), onB.close()]);
    }
  });
});
