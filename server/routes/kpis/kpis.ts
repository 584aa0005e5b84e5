import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { signedIn, type Principal } from '../../../core/access/roles.ts';
import { notFound } from '../../access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import {
  areaQuerySchema,
  kpiQuerySchema,
  trendQuerySchema,
  type KpiResponse,
} from '../../../core/contracts/kpis.ts';
import { areaLevels, areaName, categoryRegistry, childAreas, kpiGroups, type KpiGroupRow } from '../../../db/queries/kpis.ts';
import { kpiSummary, kpiTrend, preventableByYear } from '../../../db/queries/kpis-series.ts';
import { scopeCondition, workerScopeCondition } from '../../../db/queries/scope.ts';
import { incidentScopeColumns } from '../../../db/queries/incidents-area.ts';
import { statuses } from '../../../core/workflow/machine.ts';
import { incidentScope } from '../incidents/incident-detail.ts';
import { callerOf as principalOf } from '../../access/caller.ts';

const countKeys = [
  'total', 'due', 'closedDue', 'onTime', 'closed', 'reworked', 'dispatched', 'extended', 'disputesAccepted', 'disputesResolved', 'overdue',
] as const;
const rateKeys = ['closureRate', 'onTimeRate', 'reworkRate', 'extensionRate', 'resolutionRate'] as const;

function pick(row: KpiGroupRow | undefined) {
  const counts = Object.fromEntries(countKeys.map((k) => [k, row?.[k] ?? 0])) as Record<(typeof countKeys)[number], number>;
  const rates = Object.fromEntries(rateKeys.map((k) => [k, row?.[k] ?? null])) as Record<(typeof rateKeys)[number], number | null>;
  return { counts, rates };
}

/** 404 for an area wholly outside the caller's scope (an enclosing area is fine: it is filtered). */
async function checkArea(deps: AppDeps, principal: Principal, area: string | undefined) {
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
 * `/api/kpis`: assessment KPIs of an area and period with the per-category, per-status and ranked
 * child-area breakdown; `/api/kpis/trend` (monthly), `/api/kpis/preventable` (yearly, year-on-year),
 * `/api/kpis/summary` (number cards). All scoped to the caller's area in SQL; no personal data.
 */
export const kpiRoutes = (deps: AppDeps) =>
  new Hono<AppEnv>()
    .get('/kpis', access({ roles: signedIn, scoped: true }), async (c) => {
      const principal = principalOf(c);
      const q = kpiQuerySchema.parse(c.req.query());
      const to = q.to ?? new Date().toISOString();
      const from = q.from ?? new Date(Date.parse(to) - 365 * 86_400_000).toISOString();
      if (Date.parse(from) >= Date.parse(to)) throw new ApiError(400, 'invalid_request', 'from must be before to', 'from');
      const { name, scope } = await checkArea(deps, principal, q.area);
      const db = deps.database.db;
      const [groups, children, categories] = await Promise.all([
        kpiGroups(db, { area: q.area, from, to, scope: incidentScope(principal) }),
        childAreas(db, q.area, scope),
        categoryRegistry(db),
      ]);
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
      const body: KpiResponse = {
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
      return c.json(body);
    })
    .get('/kpis/trend', access({ roles: signedIn, scoped: true }), async (c) => {
      const principal = principalOf(c);
      const q = trendQuerySchema.parse(c.req.query());
      await checkArea(deps, principal, q.area);
      return c.json(await kpiTrend(deps.database.db, { area: q.area, months: q.months, to: q.to, scope: incidentScope(principal) }));
    })
    .get('/kpis/preventable', access({ roles: signedIn, scoped: true }), async (c) => {
      const principal = principalOf(c);
      const q = areaQuerySchema.parse(c.req.query());
      await checkArea(deps, principal, q.area);
      return c.json(await preventableByYear(deps.database.db, { area: q.area, scope: incidentScope(principal) }));
    })
    .get('/kpis/summary', access({ roles: signedIn, scoped: true }), async (c) => {
      const principal = principalOf(c);
      const q = areaQuerySchema.parse(c.req.query());
      await checkArea(deps, principal, q.area);
      const db = deps.database.db;
      return c.json(
        await kpiSummary(db, {
          area: q.area,
          scope: incidentScope(principal),
          latestScope: scopeCondition(principal, incidentScopeColumns('l')),
          workerScope: workerScopeCondition(principal),
        }),
      );
    });
