import { serve } from '@hono/node-server';
import { parseEnv } from '../core/env.ts';
import { logger, setLogLevel } from '../core/log.ts';
import { openDatabase, migrateDatabase } from '../db/client.ts';
import { createApp } from './app.ts';
import { seedDemoIfEmpty } from '../geodata/demo.ts';
import { seedDemoAccounts } from './access/demo-accounts.ts';
import { startEscalationJob } from './jobs/escalation-job.ts';

const env = parseEnv();
setLogLevel(env.LOG_LEVEL);
const started = performance.now();
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: env.DATABASE_POOL_SIZE, prepared: env.DATABASE_PREPARED_STATEMENTS });
await migrateDatabase(database);
if (env.DEMO_SEED !== 'none') {
  await seedDemoIfEmpty(database, { scale: env.DEMO_SEED, dataDir: env.DATA_DIR });
  // one documented account per role, only on a demo database (all grids synthetic) and only if missing
  await seedDemoAccounts(database);
}

const app = createApp({ database, env });
const escalation = startEscalationJob(database);
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
    server.close();
    void database.close().finally(() => process.exit(0));
  });
}
