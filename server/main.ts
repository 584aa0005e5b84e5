import { serve } from '@hono/node-server';
import { parseEnv } from '../core/env.ts';
import { logger, setLogLevel } from '../core/log.ts';
import { openDatabase, migrateDatabase, type Database } from '../db/client.ts';
import { DataDirLockedError } from '../db/embedded/start.ts';
import { createApp } from './app.ts';
import { seedDemoIfEmpty } from '../geodata/demo.ts';
import { seedDemoAccounts } from './access/demo-accounts.ts';
import { startEscalationJob } from './jobs/escalation-job.ts';
import { startDemoStream } from './jobs/demo-stream.ts';
import { startPositionRetention } from './jobs/position-retention.ts';
import { seedDemoDepartments } from '../geodata/generator/departments.ts';

const env = parseEnv();
setLogLevel(env.LOG_LEVEL);
const started = performance.now();
let database: Database;
try {
  database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    poolSize: env.DATABASE_POOL_SIZE,
    prepared: env.DATABASE_PREPARED_STATEMENTS,
    connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
  });
} catch (error) {
  // a second server (or an import) on the same DATA_DIR: say who holds it and what to do, without a stack trace
  if (!(error instanceof DataDirLockedError)) throw error;
  logger.error('cannot start', { reason: error.message, holderPid: error.holder.pid });
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(1);
}
await migrateDatabase(database);
if (env.DEMO_SEED !== 'none') {
  await seedDemoIfEmpty(database, { scale: env.DEMO_SEED, dataDir: env.DATA_DIR });
  // one documented account per role, only on a demo database (all grids synthetic) and only if missing
  await seedDemoAccounts(database);
  await seedDemoDepartments(database);
}

const app = createApp({ database, env });
const escalation = startEscalationJob(database);
// positions are personal data: deleted after POSITION_RETENTION_DAYS by the server itself
const positionRetention = startPositionRetention(database, { days: env.POSITION_RETENTION_DAYS });
// keeps the synthetic demo alive (each tick checks that the database holds the demo; real data is never touched)
const demoStream = env.DEMO_LIVE === 'on' ? startDemoStream(database) : undefined;
const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  logger.info('listening', {
    url: `http://localhost:${info.port}/`,
    database: database.mode,
    startupMs: Math.round(performance.now() - started),
  });
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    escalation.stop();
    positionRetention.stop();
    demoStream?.stop();
    server.close();
    void database.close().finally(() => process.exit(0));
  });
}
