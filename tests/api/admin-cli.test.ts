import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { login } from '../support/accounts.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv({ TRUST_PROXY: 'true' }) });
const username = `cli-admin-${Math.random().toString(36).slice(2, 8)}`;
afterAll(async () => {
  await database.pool.query('DELETE FROM users WHERE username = $1', [username]);
  await database.close();
});

/** The run's database as a URL the CLI understands (embedded: the worker's Unix socket). */
function databaseUrl(): string {
  const { connection } = inject('database');
  if (connection.connectionString) return connection.connectionString;
  return `postgres://${connection.user}@localhost:${connection.port}/${connection.database}?host=${encodeURIComponent(String(connection.host))}`;
}

function cli(args: string[], input = '') {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: databaseUrl(), LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('npm run admin', () => {
  it('creates the first admin from stdin, lists it, and issues a working API token', async () => {
    const created = cli(['create-user', '--username', username, '--role', 'admin', '--password-stdin'], 'cli-password-123\n');
    expect(created.err).toBe('');
    expect(created.out).toMatch(new RegExp(`created admin ${username}`));
    expect(created.code).toBe(0);
    await login(app, username, 'cli-password-123', '10.6.0.1');
    expect(cli(['list-users']).out).toMatch(new RegExp(`\\t${username}\\tadmin\\tcity\\t`));
    const token = cli(['create-token', '--username', username, '--name', 'cli-test']).out.trim().split('\n').pop()!;
    expect(token).toMatch(/^pgt_/);
    const me = await app.request('/api/auth/me', { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { account: { username: string } }).account.username).toBe(username);
  });

  it('names the bad option and exits non-zero', () => {
    const scope = cli(['create-user', '--username', 'cli-x', '--role', 'commander', '--scope', '12'], '');
    expect(scope.code).toBe(1);
    expect(scope.err).toMatch(/--scope: commander scope/);
    const taken = cli(['create-user', '--username', username, '--role', 'planner', '--password-stdin'], 'another-password-1\n');
    expect(taken.err).toMatch(/--username: username .* is taken/);
    const unknown = cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/usage: npm run admin --/);
  });
});
