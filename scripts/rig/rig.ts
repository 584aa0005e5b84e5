/**
 * The scale-out rig on one machine, all on loopback: a PostGIS primary, a streaming replica
 * (pg_basebackup), PgBouncer in transaction mode, two app processes and HAProxy. No Docker, no root role
 * in any URL. `npx tsx scripts/rig/rig.ts up|down|status|kill-app <n>|start-app <n>|stop-replica|
 * start-replica|stop-primary|promote` (docs/scaling.md).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp, stopApp } from './apps.ts';
import { createClusters, promoteReplica, startCluster, stopCluster } from './postgres.ts';
import { reloadPgbouncer, startHaproxy, startPgbouncer, stopProxies, writeHaproxyConfig, writePgbouncerConfig } from './proxies.ts';
import { giveToPostgres, readState, rigLayout, writeState, type RigState } from './state.ts';

/** The tools the rig needs; `up` names the missing ones. */
export const rigTools = ['/usr/lib/postgresql/15/bin/initdb', '/usr/lib/postgresql/15/bin/pg_basebackup', '/usr/sbin/pgbouncer', '/usr/sbin/haproxy'];

/**
 * Starts everything and returns the state (ports, the app role's password). Stops a previous rig in the
 * same folder first.
 *
 * @example
 * const state = await rigUp(); // then http://127.0.0.1:${state.ports.haproxy}/
 */
export async function rigUp(processes = 2): Promise<RigState> {
  const missing = rigTools.filter((tool) => !existsSync(tool));
  if (missing.length) throw new Error(`rig: missing ${missing.join(', ')} (apt-get install postgresql-15-postgis-3 pgbouncer haproxy)`);
  const layout = rigLayout(processes);
  rigDown(layout.dir);
  mkdirSync(path.join(layout.dir, 'logs'), { recursive: true });
  for (const dir of [layout.dir, path.join(layout.dir, 'logs')]) giveToPostgres(dir);
  const state: RigState = { ...layout, password: randomBytes(12).toString('hex'), writer: 'primary', pids: { apps: layout.ports.apps.map(() => null) } };
  writeState(state);
  try {
    createClusters(state);
    writePgbouncerConfig(state);
    startPgbouncer(state);
    // the first process migrates and seeds; the others then start on a ready database
    await startApp(state, 0);
    await Promise.all(state.ports.apps.slice(1).map((_, i) => startApp(state, i + 1)));
    writeHaproxyConfig(state);
    startHaproxy(state);
  } catch (error) {
    // a rig that failed to start leaves nothing running (startApp keeps `state.pids` current); its folder
    // stays for the logs the error names
    stopRig(state);
    throw error;
  }
  return state;
}

/** Stops what a rig started: apps, HAProxy, PgBouncer and both clusters. */
function stopRig(state: RigState): void {
  state.pids.apps.forEach((_, i) => stopApp(state, i, 'SIGKILL'));
  stopProxies(state);
  for (const which of ['primary', 'replica'] as const) {
    try {
      stopCluster(state, which);
    } catch (error) {
      console.error(`rig: could not stop the ${which}: ${String(error)}`);
    }
  }
}

/**
 * Stops whatever a rig in `dir` started (apps, HAProxy, PgBouncer, both clusters) and removes the folder.
 *
 * @example
 * rigDown();
 */
export function rigDown(dir = rigLayout(0).dir): void {
  const state = readState(dir);
  if (state) stopRig(state);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Failover by hand: promote the replica and point PgBouncer at it. Run after the primary stopped.
 *
 * @example
 * stopCluster(state, 'primary'); promote(state);
 */
export function promote(state: RigState): void {
  promoteReplica(state);
  state.writer = 'replica';
  writeState(state);
  writePgbouncerConfig(state);
  reloadPgbouncer(state);
}

async function main(command: string | undefined, arg: string | undefined): Promise<void> {
  const dir = rigLayout(0).dir;
  if (command === 'up') {
    const state = await rigUp(Number(process.env.RIG_PROCESSES ?? 2));
    console.log(`rig up: http://127.0.0.1:${state.ports.haproxy}/ (HAProxy) · folder ${state.dir} · stop with: npx tsx scripts/rig/rig.ts down`);
    return;
  }
  if (command === 'down') return rigDown(dir);
  const state = readState(dir);
  if (!state) throw new Error(`rig: nothing running in ${dir}; start it with: npx tsx scripts/rig/rig.ts up`);
  const app = Number(arg ?? 1) - 1;
  const actions: Record<string, () => unknown> = {
    status: () => console.log(JSON.stringify({ ...state, password: '…' }, null, 2)),
    'kill-app': () => stopApp(state, app, 'SIGKILL'),
    'start-app': () => startApp(state, app),
    'stop-replica': () => stopCluster(state, 'replica'),
    'start-replica': () => startCluster(state, 'replica'),
    'stop-primary': () => stopCluster(state, 'primary'),
    promote: () => promote(state),
  };
  const action = actions[command ?? ''];
  if (!action) throw new Error(`usage: npx tsx scripts/rig/rig.ts <up|down|${Object.keys(actions).join('|')}> [app number]`);
  await action();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv[2], process.argv[3]).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
