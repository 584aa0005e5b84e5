/** The rig's PostgreSQL: a primary made by initdb and a streaming replica made by pg_basebackup. */
import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { asPostgres, type RigState } from './state.ts';

const bin = '/usr/lib/postgresql/15/bin';
export const appRole = 'pingan_app';
const replicationRole = 'pingan_replicator';

const dataDir = (state: RigState, which: 'primary' | 'replica') => path.join(state.dir, which);
const portOf = (state: RigState, which: 'primary' | 'replica') => state.ports[which];

/** psql as the superuser over the cluster's own Unix socket (peer login; no superuser password anywhere). */
export function psql(state: RigState, which: 'primary' | 'replica', sql: string, database = 'postgres'): string {
  const args = ['-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-h', state.dir, '-p', String(portOf(state, which)), '-d', database, '-c', sql];
  return asPostgres(`${bin}/psql`, args).trim();
}

function pgCtl(state: RigState, which: 'primary' | 'replica', action: string[]): void {
  asPostgres(`${bin}/pg_ctl`, ['-D', dataDir(state, which), '-w', '-t', '60', ...action]);
}

/** Starts a cluster (its port, socket folder and log are fixed by its own configuration). */
export function startCluster(state: RigState, which: 'primary' | 'replica'): void {
  pgCtl(state, which, ['-l', path.join(state.dir, 'logs', `${which}.log`), 'start']);
}

/**
 * Stops a cluster with a fast shutdown: sessions are ended, and a primary first sends all its WAL to the
 * connected replica, so nothing it acknowledged is missing there.
 */
export function stopCluster(state: RigState, which: 'primary' | 'replica'): void {
  if (existsSync(path.join(dataDir(state, which), 'postmaster.pid'))) pgCtl(state, which, ['-m', 'fast', 'stop']);
}

/** Promotes the replica to primary (failover by hand). */
export function promoteReplica(state: RigState): void {
  pgCtl(state, 'replica', ['promote']);
}

/**
 * initdb, an app role owning database `pingan` with PostGIS, pg_trgm (and pgRouting when installed)
 * created by the superuser, and a replication role; then the replica by pg_basebackup -R.
 */
export function createClusters(state: RigState): void {
  const primary = dataDir(state, 'primary');
  asPostgres(`${bin}/initdb`, ['-D', primary, '-U', 'postgres', '--auth-local=peer', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8']);
  appendFileSync(
    path.join(primary, 'postgresql.conf'),
    [
      `port = ${state.ports.primary}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${state.dir}'`,
      'wal_level = replica',
      'max_wal_senders = 5',
      'hot_standby = on',
      'max_connections = 120',
      'shared_buffers = 64MB',
      // a throw-away rig: durability against an OS crash is not what it shows
      'fsync = off',
      'full_page_writes = off',
      '',
    ].join('\n'),
  );
  appendFileSync(path.join(primary, 'pg_hba.conf'), `host replication ${replicationRole} 127.0.0.1/32 scram-sha-256\n`);
  startCluster(state, 'primary');
  const password = state.password.replace(/'/g, "''");
  psql(state, 'primary', `CREATE ROLE ${appRole} LOGIN PASSWORD '${password}'`);
  psql(state, 'primary', `CREATE ROLE ${replicationRole} LOGIN REPLICATION PASSWORD '${password}'`);
  psql(state, 'primary', `CREATE DATABASE pingan OWNER ${appRole}`);
  // extensions need a superuser; the migrations then find them (CREATE EXTENSION IF NOT EXISTS)
  const pgrouting = psql(state, 'primary', `SELECT count(*) FROM pg_available_extensions WHERE name = 'pgrouting'`) === '1';
  const extensions = ['postgis', 'pg_trgm', ...(pgrouting ? ['pgrouting'] : [])];
  for (const name of extensions) psql(state, 'primary', `CREATE EXTENSION IF NOT EXISTS ${name}`, 'pingan');
  const replica = dataDir(state, 'replica');
  asPostgres(
    `${bin}/pg_basebackup`,
    ['-D', replica, '-h', '127.0.0.1', '-p', String(state.ports.primary), '-U', replicationRole, '-R', '-X', 'stream', '-c', 'fast'],
    { env: { ...process.env, PGPASSWORD: state.password } },
  );
  appendFileSync(path.join(replica, 'postgresql.auto.conf'), `port = ${state.ports.replica}\n`);
  startCluster(state, 'replica');
}
