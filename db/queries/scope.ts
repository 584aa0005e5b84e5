import { eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { gridWorkers } from '../schema/people.ts';
import type { Principal } from '../../core/access/roles.ts';
import { areaLevel, type AreaLevel } from '../../core/areas/codes.ts';

/** The area-code columns a query can filter on (any subset; give the ones the table has). */
export type ScopeColumns = Partial<Record<AreaLevel, AnyColumn | SQL>>;

const levels: AreaLevel[] = ['district', 'street', 'community', 'grid'];
const lengths: Record<AreaLevel, number> = { district: 6, street: 9, community: 12, grid: 14 };

function areaCondition(code: string, columns: ScopeColumns): SQL {
  const level = areaLevel(code);
  if (!level) return sql`false`; // a malformed scope sees nothing
  const exact = columns[level];
  if (exact) return sql`${exact} = ${code}`; // indexed equality on the matching level
  const finer = levels
    .slice(levels.indexOf(level) + 1)
    .reverse()
    .find((l) => columns[l]);
  if (finer) return sql`left(${columns[finer]}, ${lengths[level]}) = ${code}`;
  throw new Error(`scopeCondition needs a ${level} (or finer) column for scope ${code}`);
}

/**
 * The SQL condition that keeps only rows inside the principal's area; put it in the WHERE of every
 * list, detail, tile, KPI and export query of a `scoped` route. Admin, planner and public are not
 * limited by area (planner/public are kept from personal data by the route policy); a commander with
 * no scope sees the city; a grid worker sees their community and any grid assigned to them.
 *
 * @example
 * db.select().from(incidents).where(and(
 *   eq(incidents.code, code),
 *   scopeCondition(principal, { district: incidents.districtCode, street: incidents.streetCode,
 *     community: incidents.communityCode, grid: incidents.gridCode }),
 * ));
 */
export function scopeCondition(principal: Principal, columns: ScopeColumns): SQL {
  if (principal.role === 'admin' || principal.role === 'planner' || principal.role === 'public') return sql`true`;
  if (principal.role === 'commander') {
    return principal.scopeCode === null ? sql`true` : areaCondition(principal.scopeCode, columns);
  }
  // grid worker
  if (!principal.scopeCode) return sql`false`;
  const community = areaCondition(principal.scopeCode, columns);
  if (!columns.grid || !principal.workerCode) return community;
  return sql`(${community} OR ${columns.grid} IN (SELECT code FROM grid_cells WHERE worker_code = ${principal.workerCode}))`;
}

/**
 * Whether an area code exists at the level its length says (used to validate account scopes).
 *
 * @example
 * await areaExists(db, '210102') // true on the demo city
 */
export async function areaExists(db: Db, code: string): Promise<boolean> {
  const level = areaLevel(code);
  if (!level) return false;
  const table = { district: 'districts', street: 'streets', community: 'communities', grid: 'grid_cells' }[level];
  const result = await db.execute<{ found: boolean }>(sql`SELECT EXISTS (SELECT 1 FROM ${sql.identifier(table)} WHERE code = ${code}) AS found`);
  return result.rows[0]!.found;
}

/** The community of a grid worker, or undefined when there is no such worker. */
export async function workerCommunity(db: Db, workerCode: string): Promise<string | null | undefined> {
  const rows = await db.select({ community: gridWorkers.communityCode }).from(gridWorkers).where(eq(gridWorkers.code, workerCode));
  return rows[0]?.community;
}

/**
 * The caller's area over the grid_workers row `w` (a worker belongs to a community).
 *
 * @example
 * sql`SELECT count(*) FROM grid_workers w WHERE ${workerScopeCondition(principal)}`
 */
export const workerScopeCondition = (principal: Principal): SQL => scopeCondition(principal, { community: sql.raw('w.community_code') });
