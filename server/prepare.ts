import type { Env } from '../core/env.ts';
import { logger } from '../core/log.ts';
import { migrateDatabase, type Database } from '../db/client.ts';
import { demoAnchors } from '../db/queries/auth-demo.ts';
import { seedDemoIfEmpty } from '../geodata/demo.ts';
import { seedDemoDepartments } from '../geodata/generator/departments.ts';
import { seedDemoAccounts } from './access/demo-accounts.ts';

/**
 * Migrations and the demo, once per start before any process serves. DEMO_SEED decides only whether an
 * EMPTY database gets the demo city; the demo accounts and departments follow the data: whenever the
 * database holds the synthetic demo (however it got there — `npm run geodata -- demo` with DEMO_SEED=none
 * included) they are created if missing, so the documented demo logins always work on the demo. Never on
 * real data (demoAnchors: all grids synthetic). Says at start-up which case applies.
 *
 * @example
 * await prepareDatabase(database, env); // { demo: true, accounts: ['demo-admin', …], departments: [] }
 */
export async function prepareDatabase(
  database: Database,
  env: Pick<Env, 'DEMO_SEED' | 'DATA_DIR'>,
): Promise<{ demo: boolean; accounts: string[]; departments: string[] }> {
  await migrateDatabase(database);
  if (env.DEMO_SEED !== 'none') await seedDemoIfEmpty(database, { scale: env.DEMO_SEED, dataDir: env.DATA_DIR });
  if (!(await demoAnchors(database.db))) {
    if (env.DEMO_SEED !== 'none') logger.info('database holds real data: no demo accounts');
    return { demo: false, accounts: [], departments: [] };
  }
  const accounts = await seedDemoAccounts(database);
  const departments = await seedDemoDepartments(database);
  logger.info('database holds the synthetic demo city: demo accounts are available (README, docs/access-control.md)', {
    demoSeed: env.DEMO_SEED,
    created: accounts,
  });
  return { demo: true, accounts, departments };
}
