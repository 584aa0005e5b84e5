/**
 * /api/health during a database outage (issue #13, item 13): it answered 500, and a database host that
 * swallows packets left requests hanging forever (the pool had no connect timeout). The app talks to the
 * run's database through a proxy that can go silent — accept connections and never answer, existing ones
 * included — and come back; health must answer 503 within a few seconds and 200 again without a restart.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app.ts';
import { connectDatabase } from '../../db/client.ts';
import { testEnv } from '../support/env.ts';

/** A TCP or Unix-socket proxy to the database that can go silent (a blackhole) and come back. */
function silenceableProxy(target: net.NetConnectOpts) {
  let silent = false;
  const pairs = new Set<[net.Socket, net.Socket | null]>();
  const server = net.createServer((client) => {
    if (silent) {
      pairs.add([client, null]); // accepted, never answered
      client.on('error', () => {});
      return;
    }
    const upstream = net.connect(target);
    const pair: [net.Socket, net.Socket | null] = [client, upstream];
    pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket) => from.on('data', (chunk) => !silent && to.write(chunk));
    forward(client, upstream);
    forward(upstream, client);
    for (const socket of pair) socket!.on('error', () => {}).on('close', () => pair.forEach((s) => s?.destroy()));
  });
  return {
    server,
    /** stop answering: new connections hang, open ones go quiet (no reset, no data) */
    silence: () => (silent = true),
    restore() {
      silent = false;
      for (const pair of pairs) pair.forEach((s) => s?.destroy()); // what the OS does once the host is back: the old connections are gone
      pairs.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) pair.forEach((s) => s?.destroy());
        server.close(() => resolve());
      }),
  };
}

const { mode, connection } = inject('database');
const socketDir = mkdtempSync(path.join(tmpdir(), 'pingan-proxy-'));
const target: net.NetConnectOpts =
  mode === 'embedded'
    ? { path: path.join(String(connection.host), '.s.PGSQL.5432') }
    : { host: new URL(String(connection.connectionString)).hostname, port: Number(new URL(String(connection.connectionString)).port || 5432) };
const proxy = silenceableProxy(target);
let proxied: typeof connection;
if (mode === 'embedded') {
  await new Promise<void>((resolve) => proxy.server.listen(path.join(socketDir, '.s.PGSQL.5432'), resolve));
  proxied = { ...connection, host: socketDir };
} else {
  await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
  const url = new URL(String(connection.connectionString));
  url.hostname = '127.0.0.1';
  url.port = String((proxy.server.address() as net.AddressInfo).port);
  proxied = { connectionString: url.toString() };
}
const database = connectDatabase(mode, proxied, 4, { connectTimeoutMs: 2000 });
const app = createApp({ database, env: testEnv() });

afterAll(async () => {
  await proxy.close();
  await database.close().catch(() => {});
  rmSync(socketDir, { recursive: true, force: true });
});

async function health() {
  const started = performance.now();
  const res = await app.request('/api/health');
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, ms: performance.now() - started };
}

describe('health during a database outage', () => {
  it('answers 200 with the engine while the database answers', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: mode });
    expect(body.postgis).toMatch(/^3\.\d+/);
  });

  it('answers 503 unavailable within a few seconds when the database swallows everything, again and again', async () => {
    proxy.silence();
    for (let i = 0; i < 2; i++) {
      const { status, body, ms } = await health();
      expect(status).toBe(503);
      expect(body).toEqual({ status: 'unavailable', database: 'unreachable', mode, error: 'timeout', timeoutMs: 3000 });
      expect(ms).toBeLessThan(5000);
    }
    // a plain query fails after the pool's connect timeout instead of hanging
    const started = performance.now();
    await expect(database.pool.query('SELECT 1')).rejects.toThrow(/timeout/i);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('answers 200 again once the database is back, without a restart', async () => {
    proxy.restore();
    let last = await health();
    for (let i = 0; i < 10 && last.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      last = await health();
    }
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ status: 'ok', database: mode });
  });
});
