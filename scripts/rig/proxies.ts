/** The rig's PgBouncer (transaction pooling in front of the writer) and HAProxy (in front of the app processes). */
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { appRole } from './postgres.ts';
import { alive, asPostgres, giveToPostgres, type RigState } from './state.ts';

const pidOf = (file: string): number | null => {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || null;
  } catch {
    return null;
  }
};

/**
 * pgbouncer.ini: `pingan` in transaction mode for the app's pools, `pingan_session` in session mode for
 * the live hub's LISTEN (a transaction pooler hands each transaction another server connection, so a
 * LISTEN there would hear nothing). Both point at the current writer, so a failover is one edit + reload.
 */
export function writePgbouncerConfig(state: RigState): void {
  const port = state.ports[state.writer];
  const ini = `[databases]
pingan = host=127.0.0.1 port=${port} dbname=pingan
pingan_session = host=127.0.0.1 port=${port} dbname=pingan pool_mode=session

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${state.ports.pgbouncer}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = ${path.join(state.dir, 'userlist.txt')}
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,options
; a writer that is down: fail queries within seconds instead of queueing them for two minutes
server_login_retry = 1
query_wait_timeout = 8
server_connect_timeout = 3
pidfile = ${path.join(state.dir, 'pgbouncer.pid')}
logfile = ${path.join(state.dir, 'logs', 'pgbouncer.log')}
`;
  writeFileSync(path.join(state.dir, 'pgbouncer.ini'), ini);
  writeFileSync(path.join(state.dir, 'userlist.txt'), `"${appRole}" "${state.password}"\n`, { mode: 0o600 });
  giveToPostgres(path.join(state.dir, 'userlist.txt'));
}

/** Starts PgBouncer as a daemon (as the postgres user: it refuses root). */
export function startPgbouncer(state: RigState): void {
  asPostgres('/usr/sbin/pgbouncer', ['-d', path.join(state.dir, 'pgbouncer.ini')]);
}

/** Re-reads pgbouncer.ini (SIGHUP): new server connections go to the writer named there. */
export function reloadPgbouncer(state: RigState): void {
  const pid = pidOf(path.join(state.dir, 'pgbouncer.pid'));
  if (!alive(pid)) throw new Error('rig: pgbouncer is not running');
  // ends idle server connections to the old writer; clients keep their connections to PgBouncer
  process.kill(pid, 'SIGHUP');
}

/**
 * haproxy.cfg: round robin over the app processes, health-checked on /api/health every 500 ms. SSE streams
 * may stay open for an hour; a connection refused by a dead process is retried on another one. The same
 * processes are also listed as unchecked backups: when the database is down every health check fails, yet
 * the processes can still answer reads from a replica.
 */
export function writeHaproxyConfig(state: RigState): void {
  const servers = state.ports.apps.map((port, i) => `  server app${i + 1} 127.0.0.1:${port} check`).join('\n');
  const backups = state.ports.apps.map((port, i) => `  server app${i + 1}-any 127.0.0.1:${port} backup`).join('\n');
  const cfg = `global
  maxconn 2000
  pidfile ${path.join(state.dir, 'haproxy.pid')}

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  timeout http-keep-alive 5s
  option forwardfor
  retries 2
  option redispatch 1
  retry-on conn-failure empty-response
  option http-buffer-request

frontend web
  bind 127.0.0.1:${state.ports.haproxy}
  # a POST without an Idempotency-Key must never run twice: no replay of it after an empty response
  http-request disable-l7-retry if METH_POST !{ req.hdr(idempotency-key) -m found }
  default_backend app

backend app
  balance roundrobin
  option httpchk GET /api/health
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions
${servers}
${backups}
`;
  writeFileSync(path.join(state.dir, 'haproxy.cfg'), cfg);
}

/** Checks and starts HAProxy as a daemon. */
export function startHaproxy(state: RigState): void {
  const cfg = path.join(state.dir, 'haproxy.cfg');
  execFileSync('/usr/sbin/haproxy', ['-c', '-q', '-f', cfg], { stdio: 'pipe' });
  execFileSync('/usr/sbin/haproxy', ['-D', '-f', cfg], { stdio: 'pipe' });
}

/** Stops HAProxy and PgBouncer if they run (SIGTERM to the pid in their pid file). */
export function stopProxies(state: RigState): void {
  for (const file of ['haproxy.pid', 'pgbouncer.pid']) {
    const pid = pidOf(path.join(state.dir, file));
    if (alive(pid)) process.kill(pid, 'SIGTERM');
  }
}
