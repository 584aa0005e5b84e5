import type { Database } from '../../db/client.ts';
import { findUser } from '../../db/queries/auth.ts';
import { demoAnchors } from '../../db/queries/auth-demo.ts';
import type { CreateUserRequest } from '../../core/contracts/auth.ts';
import { createAccount } from './accounts.ts';
import { logger } from '../../core/log.ts';
import { ApiError } from '../middleware/errors.ts';

/** The documented demo accounts (README, docs/access-control.md). Passwords are public on purpose. */
export function demoAccountSpecs(anchors: { district: string; worker?: { code: string; community: string } }): CreateUserRequest[] {
  const specs: CreateUserRequest[] = [
    { username: 'demo-admin', displayName: '演示管理员', role: 'admin', password: 'pingan-demo-admin' },
    { username: 'demo-commander', displayName: '演示市级指挥员', role: 'commander', scopeCode: null, password: 'pingan-demo-commander' },
    { username: 'demo-district', displayName: '演示区级指挥员', role: 'commander', scopeCode: anchors.district, password: 'pingan-demo-district' },
    { username: 'demo-planner', displayName: '演示规划员', role: 'planner', password: 'pingan-demo-planner' },
  ];
  if (anchors.worker) {
    specs.push({
      username: 'demo-worker',
      displayName: '演示网格员',
      role: 'grid_worker',
      scopeCode: anchors.worker.community,
      workerCode: anchors.worker.code,
      password: 'pingan-demo-worker',
    });
  }
  return specs;
}

/**
 * Creates the demo accounts that do not exist yet, only on a demo database (all grids synthetic).
 * Idempotent; returns the usernames created.
 *
 * @example
 * if (env.DEMO_SEED !== 'none') await seedDemoAccounts(database);
 */
export async function seedDemoAccounts(database: Database): Promise<string[]> {
  const anchors = await demoAnchors(database.db);
  if (!anchors) return [];
  const created: string[] = [];
  for (const spec of demoAccountSpecs(anchors)) {
    if (await findUser(database.db, { username: spec.username })) continue;
    try {
      await createAccount(database.db, spec, { demo: true });
      created.push(spec.username);
    } catch (error) {
      // another server process starting at the same time created it first
      if (!(error instanceof ApiError && error.code === 'username_taken')) throw error;
    }
  }
  if (created.length) logger.info('demo accounts created', { usernames: created });
  return created;
}
