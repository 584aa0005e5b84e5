/**
 * What access control costs per request, on a throw-away database: argon2id hashing, a full login, and the
 * same cheap route (`GET /api/health`) as the public, with a session cookie and with a bearer token, so the
 * difference is the principal lookup.
 *
 *   npx tsx bench/auth.ts [--engine embedded|postgis] [--requests 300]
 *
 * postgis uses DATABASE_URL's server (a temporary database is created and dropped). Prints medians.
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../server/app.ts';
import { parseEnv } from '../core/env.ts';
import { hashPassword } from '../server/access/passwords.ts';
import { createAccount, login } from '../tests/support/accounts.ts';
import { median, openScratchDatabase } from './support/scratch-database.ts';

const { values: args } = parseArgs({
  options: { engine: { type: 'string', default: 'embedded' }, requests: { type: 'string', default: '300' } },
});
const n = Number(args.requests);

async function time(runs: number, fn: () => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return median(ms).toFixed(2);
}

const dir = mkdtempSync(path.join(tmpdir(), 'pingan-bench-'));
try {
  const { database, dispose } = await openScratchDatabase(args.engine as 'embedded' | 'postgis', dir, 'auth');
  try {
    const app = createApp({ database, env: parseEnv({ LOG_LEVEL: 'silent', DEMO_SEED: 'none', TRUST_PROXY: 'true' }) });
    const account = await createAccount(database, { role: 'commander', scopeCode: null }, 'bench');
    const session = await login(app, account.username);
    const health = (headers: Record<string, string>) => async () => {
      const res = await app.request('/api/health', { headers });
      if (res.status !== 200) throw new Error(`health → ${res.status}`);
      await res.arrayBuffer();
    };
    console.log(`${args.engine}, medians (ms):`);
    console.log(`  argon2id hash                  ${await time(20, () => hashPassword('bench-password-123'))}`);
    console.log(`  POST /api/auth/login           ${await time(20, () => login(app, account.username))}`);
    console.log(`  GET /api/health, public        ${await time(n, health({}))}`);
    console.log(`  GET /api/health, session       ${await time(n, health({ cookie: session.cookie }))}`);
    console.log(`  GET /api/health, bearer token  ${await time(n, health(account.bearer))}`);
  } finally {
    await dispose();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
