/**
 * #13 item 3: request bodies are limited while they stream in, before authentication and parsing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';

const database = connectTestDatabase();
const env = testEnv({ TRUST_PROXY: 'true' });
const app = createApp({ database, env });
const fiftyMb = 50 * 1024 * 1024;

afterAll(async () => {
  await database.close();
});

/** A body of `total` bytes produced on demand, counting how much the server actually pulled. */
function countingStream(total: number) {
  const counter = { pulled: 0 };
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      counter.pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

describe('request body limit', () => {
  it('answers a streamed 50 MB body to /api/auth/login with 413 after reading about the limit, memory bounded', async () => {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const { stream, counter } = countingStream(fiftyMb);
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: 'payload_too_large', field: 'body' });
    // the stream is cut off at the limit (plus one chunk in flight), not read to its end
    expect(counter.pulled).toBeLessThanOrEqual(env.BODY_LIMIT_BYTES + 3 * 64 * 1024);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(20 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the limit at once, over a real socket, without authentication', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/incidents',
            headers: { 'content-type': 'application/json', 'content-length': String(fiftyMb) },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.write('{"category":"'); // the server answers without waiting for the rest
      });
      expect(status).toBe(413);
    } finally {
      server.close();
    }
  });

  it('limits Open311 form bodies and unknown routes the same way; a small body still reaches the handler', async () => {
    const big = 'description=' + 'x'.repeat(env.BODY_LIMIT_BYTES + 10);
    const form = await app.request('/open311/v2/requests.json', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: big,
    });
    expect(form.status).toBe(413);
    const unknown = await app.request('/api/no-such-route', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(env.BODY_LIMIT_BYTES + 1),
    });
    expect(unknown.status).toBe(413);
    const small = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.13.9.9' },
      body: JSON.stringify({ username: 'nobody-here', password: 'x'.repeat(100), padding: 'y'.repeat(30_000) }),
    });
    expect(small.status).toBe(401);
    await database.pool.query(`DELETE FROM login_attempts WHERE key LIKE '%10.13.9.9%' OR key = 'account:nobody-here'`);
  });
});
