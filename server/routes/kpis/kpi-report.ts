import type { AppDeps } from '../../context.ts';
import type { Principal } from '../../../core/access/roles.ts';
import { notFound } from '../../access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { KpiResponse } from '../../../core/contracts/kpis.ts';
import { areaLevels, areaName, categoryRegistry, childAreas, kpiGroups, type KpiGroupRow } from '../../../db/queries/kpis.ts';
import { statuses } from '../../../core/workflow/machine.ts';
import { incidentScope } from '../incidents/incident-detail.ts';

const countKeys = [
  'total',
  'due',
  'closedDue',
  'onTime',
  'closed',
  'reworked',
  'dispatched',
  'extended',
  'disputesAccepted',
  'disputesResolved',
  'overdue',
] as const;
const rateKeys = ['closureRate', 'onTimeRate', 'reworkRate', 'extensionRate', 'resolutionRate'] as const;

function pick(row: KpiGroupRow | undefined) {
  const counts = Object.fromEntries(countKeys.map((k) => [k, row?.[k] ?? 0])) as Record<(typeof countKeys)[number], number>;
  const rates = Object.fromEntries(rateKeys.map((k) => [k, row?.[k] ?? null])) as Record<(typeof rateKeys)[number], number | null>;
  return { counts, rates };
}

/**
 * The area's name and the caller's scope; 404 for an area wholly outside the caller's scope (an
 * enclosing area is fine: its rows are filtered to the scope).
 *
 * @example
 * const { name, scope } = await checkArea(deps, principal, '110101');
 */
export async function checkArea(deps: AppDeps, principal: Principal, area: string | undefined) {
  const scope = principal.role === 'commander' || principal.role === 'grid_worker' ? principal.scopeCode : null;
  if (principal.role === 'grid_worker' && !scope) throw notFound(`area ${area ?? 'city'}`);
  if (area && scope && !area.startsWith(scope) && !scope.startsWith(area.length === 4 ? area : area.replace(/00$/, ''))) {
    throw notFound(`area ${area}`);
  }
  const name = await areaName(deps.database.db, area);
  if (name === null) throw notFound(`area ${area}`);
  return { name, scope };
}

/**
 * The KPIs of an area and period inside the caller's scope: totals, by status, by category and the
 * child areas ranked by closure rate. Without a period: the 365 days up to now (or up to `to`).
 *
 * @example
 * const report = await kpiReport(deps, principal, { area: '110101' });
 */
export async function kpiReport(deps: AppDeps, principal: Principal, q: { area?: string; from?: string; to?: string; asOf?: string }): Promise<KpiResponse> {
  const to = q.to ?? new Date().toISOString();
  const from = q.from ?? new Date(Date.parse(to) - 365 * 86_400_000).toISOString();
  if (Date.parse(from) >= Date.parse(to)) throw new ApiError(400, 'invalid_request', 'from must be before to', 'from');
  const { name, scope } = await checkArea(deps, principal, q.area);
  const db = deps.database.db;
  const [groups, children, categories] = await Promise.all([
    kpiGroups(db, { area: q.area, from, to, scope: incidentScope(principal) }),
    childAreas(db, q.area, scope, q.asOf),
    categoryRegistry(db),
  ]);
  // kpiGroups answers several GROUPING SETS in one query; `grp` says which one a row belongs to.
  const byGrp = (grp: number) => groups.filter((g) => g.grp === grp);
  const total = pick(byGrp(7)[0]);
  const childLevel = areaLevels(q.area).child?.level ?? 'none';
  const ranked = children
    .map((a) => {
      const { counts, rates } = pick(byGrp(3).find((g) => g.child === a.code));
      return { code: a.code, name: a.name, level: childLevel, ...counts, ...rates, rank: 0 };
    })
    .sort((x, y) => (y.closureRate ?? -1) - (x.closureRate ?? -1) || y.total - x.total || x.code.localeCompare(y.code))
    .map((child, index) => ({ ...child, rank: index + 1 }));
  return {
    area: { code: q.area ?? null, name, level: areaLevels(q.area).self?.level ?? 'city' },
    from,
    to,
    counts: total.counts,
    ...total.rates,
    byStatus: Object.fromEntries(statuses.map((s) => [s, byGrp(6).find((g) => g.status === s)?.total ?? 0])),
    byCategory: categories.map((cat) => {
      const { counts, rates } = pick(byGrp(5).find((g) => g.category === cat.code));
      return { ...cat, ...counts, ...rates };
    }),
    children: ranked,
  };
}
