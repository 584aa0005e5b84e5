import cluster from 'node:cluster';
import { serve } from '@hono/node-server';
import { parseEnv, type Env } from '../core/env.ts';
import { logger, setLogLevel } from '../core/log.ts';
import { openDatabase, openReader, warmPool, type Database } from '../db/client.ts';
import { DataDirLockedError } from '../db/embedded/start.ts';
import { createApp } from './app.ts';
import { prepareDatabase } from './prepare.ts';
import { fastTileServer } from './routes/tiles/fast-path.ts';
import { startEscalationJob } from './jobs/escalation-job.ts';
import { startNotifyJob } from './jobs/notify-job.ts';
import { channelsOf } from './workflow/channels.ts';
import { startDemoStream } from './jobs/demo-stream.ts';
import { startPositionRetention } from './jobs/position-retention.ts';
import { runCluster } from './cluster.ts';
import { withTileDemands } from './middleware/read-consistency.ts';

const env = parseEnv();
setLogLevel(env.LOG_LEVEL);
const started = performance.now();

function refuse(reason: string, details: Record<string, unknown> = {}): never {
  logger.error('cannot start', { reason, ...details });
  process.stderr.write(`error: ${reason}\n`);
  process.exit(1);
}

async function open(): Promise<Database> {
  try {
    return await openDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      poolSize: env.DATABASE_POOL_SIZE,
      poolMin: env.DATABASE_POOL_MIN,
      prepared: env.DATABASE_PREPARED_STATEMENTS,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      listenUrl: env.DATABASE_LISTEN_URL,
    });
  } catch (error) {
    // a second server (or an import) on the same DATA_DIR: say who holds it and what to do, without a stack trace
    if (!(error instanceof DataDirLockedError)) throw error;
    refuse(error.message, { holderPid: error.holder.pid });
  }
}

/** Migrations and the demo seed: once per start, before any process serves (a cluster's primary runs it alone). */
async function prepare(database: Database): Promise<void> {
  await prepareDatabase(database, env);
}

async function serveHttp(settings: Env, options: { prepared: boolean; demoStream: boolean }): Promise<void> {
  const database = await open();
  if (!options.prepared) await prepare(database);
  // the kept connections open now, not under the first requests; a failure here is only a slower first burst
  await warmPool(database).catch((error: unknown) => logger.warn('could not warm the database pool', { error: String(error) }));
  const reader = openReader(database, settings.DATABASE_READ_URL, {
    poolSize: settings.DATABASE_POOL_SIZE,
    poolMin: settings.DATABASE_POOL_MIN,
    connectTimeoutMs: Math.min(settings.DATABASE_CONNECT_TIMEOUT_MS, 3000),
  });
  const app = createApp({ database, env: settings, reader });
  const escalation = startEscalationJob(database, { channels: channelsOf(settings) });
  // case notifications: claimed per delivery, so every process may deliver
  const notify = startNotifyJob(database, settings);
  // positions are personal data: deleted after POSITION_RETENTION_DAYS by the server itself
  const positionRetention = startPositionRetention(database, { days: settings.POSITION_RETENTION_DAYS });
  // keeps the synthetic demo alive (each tick checks that the database holds the demo; real data is never touched)
  const demoStream = settings.DEMO_LIVE === 'on' && options.demoStream ? startDemoStream(database) : undefined;
  // cached versioned tiles are answered before the app's chain, with the chain's own headers (fast-path.ts)
  // with replicas it reads through the reader too, its cache misses carrying the tile's version demand
  const fast = fastTileServer({ database: reader, env: settings }, app.fetch);
  const createServer = reader === database ? fast : withTileDemands(fast);
  const server = serve({ fetch: app.fetch, port: settings.PORT, hostname: settings.HOST, createServer }, (info) => {
    logger.info('listening', {
      url: `http://localhost:${info.port}/`,
      database: database.mode,
      replicas: settings.DATABASE_READ_URL.length,
      worker: cluster.worker?.id,
      startupMs: Math.round(performance.now() - started),
    });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      escalation.stop();
      notify.stop();
      positionRetention.stop();
      demoStream?.stop();
      server.close();
      const readerClosed = reader === database ? Promise.resolve() : reader.close();
      void Promise.allSettled([readerClosed, database.close()]).finally(() => process.exit(0));
    });
  }
}

if (env.DATABASE_READ_URL.length && !env.DATABASE_URL) refuse('DATABASE_READ_URL needs DATABASE_URL: read replicas are replicas of a PostGIS primary');
if (env.WEB_CONCURRENCY > 1 && !env.DATABASE_URL) {
  refuse(
    `WEB_CONCURRENCY=${env.WEB_CONCURRENCY} needs DATABASE_URL: the embedded database is one session in one process ` +
      '(docs/adr/0014-several-processes-and-read-replicas.md); run one process, or point DATABASE_URL at PostgreSQL + PostGIS',
  );
}
if (cluster.isPrimary && env.WEB_CONCURRENCY > 1) {
  const database = await open();
  await prepare(database);
  // the demo stream runs once per machine, here in the cluster's primary, however often workers are replaced
  const demoStream = env.DEMO_LIVE === 'on' ? startDemoStream(database) : undefined;
  runCluster(env.WEB_CONCURRENCY, async () => {
    demoStream?.stop();
    await database.close();
  });
} else {
  // workers of a cluster start on a prepared database
  await serveHttp(env, { prepared: cluster.isWorker, demoStream: cluster.isPrimary });
}
