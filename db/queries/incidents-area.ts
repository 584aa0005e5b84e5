import { sql, type SQL } from 'drizzle-orm';
import { isWholeCity } from '../../core/areas/codes.ts';

/**
 * `alias`'s rows inside an area of any level, as an indexed equality on the matching denormalized code
 * column. A 4-digit city code or a 6-digit code ending in 00 (210100) means the whole city.
 *
 * @example
 * sql`SELECT count(*) FROM incidents i WHERE ${incidentAreaCondition('210103001')}` // street_code = …
 */
export function incidentAreaCondition(code: string | undefined, alias = 'i'): SQL {
  if (!code) return sql`true`;
  const column = (name: string) => sql.raw(`${alias}.${name}`);
  if (isWholeCity(code)) {
    return sql`left(${column('district_code')}, 4) = ${code.slice(0, 4)}`;
  }
  const byLength: Record<number, string> = { 6: 'district_code', 9: 'street_code', 12: 'community_code', 14: 'grid_code' };
  const name = byLength[code.length];
  if (!name) throw new RangeError(`not an area code: ${code}`);
  return sql`${column(name)} = ${code}`;
}

/** The scope helper's column map for an incidents-like alias. */
export const incidentScopeColumns = (alias = 'i') => ({
  district: sql.raw(`${alias}.district_code`),
  street: sql.raw(`${alias}.street_code`),
  community: sql.raw(`${alias}.community_code`),
  grid: sql.raw(`${alias}.grid_code`),
});
