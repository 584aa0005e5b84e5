/** The app in a child process for bench/tiles.ts: loopback only, quiet logs, port sent over IPC. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { connectDatabase } from '../db/client.ts';
import { createApp } from '../server/app.ts';
import { parseEnv } from '../server/env.ts';

export async function serveForBench() {
  const env = parseEnv({ ...process.env, LOG_LEVEL: 'warn', DEMO_SEED: 'none' });
  const database = connectDatabase('postgis', { connectionString: env.DATABASE_URL! }, env.DATABASE_POOL_SIZE);
  const app = createApp({ database, env });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  process.send!({ port: (server.address() as AddressInfo).port });
  process.once('SIGTERM', () => {
    server.close();
    void database.close().finally(() => process.exit(0));
  });
}
