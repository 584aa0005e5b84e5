/** The rig's app processes: `server/main.ts` under tsx, one per port, each a separate process HAProxy balances. */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appRole } from './postgres.ts';
import { alive, waitFor, writeState, type RigState } from './state.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The settings every app process gets: writes through PgBouncer, reads from the replica, LISTEN on a session pool. */
export function appEnv(state: RigState, port: number): Record<string, string> {
  const url = (port: number, database: string) => `postgres://${appRole}:${encodeURIComponent(state.password)}@127.0.0.1:${port}/${database}`;
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: url(state.ports.pgbouncer, 'pingan'),
    DATABASE_LISTEN_URL: url(state.ports.pgbouncer, 'pingan_session'),
    DATABASE_READ_URL: url(state.ports.replica, 'pingan'),
    // PgBouncer 1.18 cannot keep named prepared statements in transaction mode
    DATABASE_PREPARED_STATEMENTS: 'false',
    DATABASE_POOL_SIZE: '10',
    DATABASE_CONNECT_TIMEOUT_MS: '5000',
    // the demo generator's downloads and generated files are cached there, shared with the tests
    DATA_DIR: path.join(repo, '.data'),
    DEMO_SEED: 'small',
    DEMO_LIVE: 'off',
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'warn',
  };
}

/** Starts app process `index` (0-based) detached, logging to logs/app<n>.log, and waits until it is healthy. */
export async function startApp(state: RigState, index: number, timeoutMs = 120_000): Promise<void> {
  const port = state.ports.apps[index]!;
  mkdirSync(path.join(state.dir, 'logs'), { recursive: true });
  const log = openSync(path.join(state.dir, 'logs', `app${index + 1}.log`), 'a');
  const { PATH, HOME, LANG, TZ } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repo,
    env: { PATH: PATH ?? '/usr/bin:/bin', HOME: HOME ?? '/tmp', LANG: LANG ?? 'C.UTF-8', ...(TZ ? { TZ } : {}), ...appEnv(state, port) },
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  state.pids.apps[index] = child.pid ?? null;
  writeState(state);
  await waitFor(
    `app ${index + 1} on port ${port} (see ${state.dir}/logs/app${index + 1}.log)`,
    async () => {
      if (!alive(child.pid)) throw new Error(`app ${index + 1} exited; see ${state.dir}/logs/app${index + 1}.log`);
      const health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
      return health?.status === 200;
    },
    timeoutMs,
  );
}

/** Kills app process `index` (SIGKILL: a crash, nothing cleaned up) or stops it (SIGTERM). */
export function stopApp(state: RigState, index: number, signal: 'SIGKILL' | 'SIGTERM' = 'SIGTERM'): void {
  const pid = state.pids.apps[index];
  if (alive(pid)) process.kill(pid, signal);
  state.pids.apps[index] = null;
  writeState(state);
}
