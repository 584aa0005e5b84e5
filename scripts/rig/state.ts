/** Where the rig lives and what it started: one JSON file in its folder, read by every command. */
import { chownSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import path from 'node:path';

export interface RigState {
  dir: string;
  password: string;
  ports: { primary: number; replica: number; pgbouncer: number; haproxy: number; apps: number[] };
  /** which cluster PgBouncer sends writes to (changes on `promote`) */
  writer: 'primary' | 'replica';
  pids: { apps: (number | null)[] };
}

/**
 * The rig's folder and ports: RIG_DIR (default /tmp/pingan-rig) and RIG_PORT (default 25432; the rig
 * takes that port and the next ones: primary, replica, PgBouncer, HAProxy, then one per app process).
 * The default lies below Linux's ephemeral range (32768–60999): a port in it can be held by any outgoing
 * connection at the moment a restarted app process binds it (EADDRINUSE, seen in a full test run).
 *
 * @example
 * const layout = rigLayout(2); // layout.ports.haproxy === 25435
 */
export function rigLayout(processes: number): Pick<RigState, 'dir' | 'ports'> {
  const base = Number(process.env.RIG_PORT ?? 25432);
  const dir = process.env.RIG_DIR ?? '/tmp/pingan-rig';
  const apps = Array.from({ length: processes }, (_, i) => base + 4 + i);
  return { dir, ports: { primary: base, replica: base + 1, pgbouncer: base + 2, haproxy: base + 3, apps } };
}

const stateFile = (dir: string) => path.join(dir, 'rig.json');

/** @example const state = readState('/tmp/pingan-rig'); */
export function readState(dir: string): RigState | undefined {
  return existsSync(stateFile(dir)) ? (JSON.parse(readFileSync(stateFile(dir), 'utf8')) as RigState) : undefined;
}

/** @example writeState(state); */
export function writeState(state: RigState): void {
  writeFileSync(stateFile(state.dir), JSON.stringify(state, null, 2));
}

const root = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Runs a PostgreSQL or PgBouncer tool as the `postgres` OS user when we are root (both refuse to run as
 * root), as ourselves otherwise.
 *
 * @example
 * asPostgres('/usr/lib/postgresql/15/bin/pg_ctl', ['-D', dir, 'status']);
 */
export function asPostgres(command: string, args: string[], options: ExecFileSyncOptions = {}): string {
  const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return String(execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options }));
}

/** Whether a pid is alive (signal 0). */
export function alive(pid: number | null | undefined): pid is number {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `check` resolves true, polling every `everyMs`; throws `what` after `timeoutMs` (or what `check` throws). */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000, everyMs = 200): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`rig: timed out waiting for ${what}`);
}

let postgresIds: number | undefined;

/** Hands a file or folder to the postgres OS user when we are root (PgBouncer reads its auth file as postgres). */
export function giveToPostgres(file: string): void {
  if (!root) return;
  postgresIds ??= Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const group = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(file, postgresIds, group);
}
