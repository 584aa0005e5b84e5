import type { Database } from '../../db/client.ts';
import { demoAnchors } from '../../db/queries/auth-demo.ts';
import { insertDepartments } from '../../db/queries/dispatch-departments.ts';

/**
 * The demo city's functional departments (职能部门) and the incident categories each takes, after the
 * usual split in Chinese grid governance (docs: ../shared/reference/domain.md "Who handles a case").
 * Synthetic rows: generic names, no real office. `public_security` is the code the demo generator and
 * the demo stream dispatch preventable cases to (geodata/generator/incidents.ts).
 */
export const DEMO_DEPARTMENTS: { code: string; name: string; categories: string[] }[] = [
  { code: 'city_management_law', name: '城管执法局', categories: ['city_management', 'environment'] },
  { code: 'market_regulation', name: '市场监管局', categories: ['fraud', 'other'] },
  { code: 'public_security', name: '公安派出所', categories: ['theft', 'burglary', 'fraud', 'vehicle_theft', 'public_safety'] },
  { code: 'housing', name: '住建局（物业）', categories: ['city_management', 'other'] },
  { code: 'ecology', name: '生态环境局', categories: ['environment'] },
  { code: 'fire_rescue', name: '消防救援站', categories: ['fire_hazard'] },
  { code: 'emergency', name: '应急管理局', categories: ['fire_hazard', 'public_safety'] },
  { code: 'health', name: '卫健委', categories: ['other'] },
  { code: 'civil_affairs', name: '民政局', categories: ['other'] },
  { code: 'justice', name: '司法所（人民调解）', categories: ['dispute'] },
  { code: 'petition', name: '信访局', categories: ['dispute', 'other'] },
];

const SOURCE = 'synthetic (Pingan Grid demo generator)';

/**
 * Adds the demo departments whose codes are missing, only on a demo database (all grids synthetic, as for
 * the demo accounts). Existing rows, with an admin's edits, stay as they are; a deleted demo department
 * comes back on the next start, as a deleted demo account does. Returns the codes added.
 *
 * @example
 * if (env.DEMO_SEED !== 'none') await seedDemoDepartments(database);
 */
export async function seedDemoDepartments(database: Database): Promise<string[]> {
  if (!(await demoAnchors(database.db))) return [];
  const added = await insertDepartments(database.db, DEMO_DEPARTMENTS, { source: SOURCE, synthetic: true });
  return added.map((row) => row.code);
}
