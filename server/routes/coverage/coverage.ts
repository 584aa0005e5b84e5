import { Hono, type Context } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { signedIn } from '../../../core/access/roles.ts';
import {
  coverageCompoundsQuerySchema,
  coverageExportQuerySchema,
  coverageQuerySchema,
  type CoverageCompound,
  type CoverageResponse,
  type SiteKindInfo,
} from '../../../core/contracts/planning.ts';
import { listSiteKinds, areaShapes, type AreaTable } from '../../../db/queries/coverage.ts';
import { toCsv } from '../../../core/formats/csv.ts';
import { checkArea, computeCoverage, coveredCompounds, METHOD_NOTE, resolveKinds } from './coverage-data.ts';
import { planningPrefix } from './coverage-scope.ts';

const tables: Record<string, AreaTable> = { district: 'districts', street: 'streets', community: 'communities', grid: 'grid_cells' };

/** Coverage depends on the caller's area: never shared between callers by a cache. */
const privateJson = <T>(c: Context<AppEnv>, body: T) => {
  c.header('Cache-Control', 'private, no-store');
  return c.json(body);
};

/**
 * `/api/coverage`: households within reach of sites of chosen kinds per area, with the 全覆盖 verdict;
 * the compounds behind it; exports as CSV (UTF-8 BOM) or GeoJSON. Aggregates only (no personal data):
 * every signed-in role, limited to its own area.
 */
export const coverageRoutes = ({ database }: AppDeps) => {
  const pool = database.pool;
  // a PostGIS server works on parts of the city at once; PGlite is one session, so no gain there
  const parts = database.mode === 'postgis' ? 4 : 1;
  const prepare = async (c: Context<AppEnv>, query: { kinds?: string[]; radius?: number; area?: string }) => {
    const prefix = planningPrefix(c.get('principal'), query.area);
    await checkArea(pool, prefix || undefined);
    return { prefix, ...(await resolveKinds(pool, query.kinds, query.radius)) };
  };
  return new Hono<AppEnv>()
    .get('/coverage/kinds', access({ roles: signedIn }), async (c) => {
      const kinds: SiteKindInfo[] = await listSiteKinds(pool);
      return c.json({ kinds });
    })
    .get('/coverage', access({ roles: signedIn, scoped: true }), async (c) => {
      const query = coverageQuerySchema.parse(c.req.query());
      const { prefix, ...kinds } = await prepare(c, query);
      const answer: CoverageResponse = await computeCoverage(pool, { ...kinds, level: query.level, prefix, area: prefix || null, parts });
      return privateJson(c, answer);
    })
    .get('/coverage/compounds', access({ roles: signedIn, scoped: true }), async (c) => {
      const query = coverageCompoundsQuerySchema.parse(c.req.query());
      const { prefix, kinds, radius } = await prepare(c, query);
      let rows = await coveredCompounds(pool, { kinds, radius, prefix, parts });
      if (query.uncovered === 'true') rows = rows.filter((r) => !r.covered);
      const compounds: CoverageCompound[] = rows.map(({ gridCode: _grid, nearest, ...rest }) => ({
        ...rest,
        nearest: nearest === null ? null : Math.round(nearest),
      }));
      return privateJson(c, { kinds, radius, area: prefix || null, method: METHOD_NOTE, compounds });
    })
    .get('/coverage/export', access({ roles: signedIn, scoped: true }), async (c) => {
      const query = coverageExportQuerySchema.parse(c.req.query());
      const { prefix, ...kinds } = await prepare(c, query);
      const answer = await computeCoverage(pool, { ...kinds, level: query.level, prefix, area: prefix || null, parts });
      const stem = `coverage-${query.level}-${prefix || 'city'}-${answer.radius}m`;
      c.header('Cache-Control', 'private, no-store');
      if (query.format === 'csv') {
        const header = ['code', 'name', 'households', 'householdsCovered', 'population', 'populationCovered', 'share', 'nearestSiteP50', 'nearestSiteP90', 'compounds', 'compoundsCovered'];
        const rows = answer.rows.map((r) => [r.code, r.name, r.households, r.householdsCovered, r.population, r.populationCovered,
          r.share === null ? null : Number(r.share.toFixed(4)), r.nearestSiteP50, r.nearestSiteP90, r.compounds, r.compoundsCovered]);
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="${stem}.csv"`);
        return c.body(toCsv(header, rows));
      }
      const shapes = await areaShapes(pool, tables[query.level]!, prefix);
      const features = answer.rows.map((row) =>
        `{"type":"Feature","id":${JSON.stringify(row.code)},"geometry":${shapes.get(row.code) ?? 'null'},"properties":${JSON.stringify(row)}}`);
      const meta = { kinds: answer.kinds, radius: answer.radius, level: answer.level, area: answer.area, method: answer.method, totals: answer.totals };
      c.header('Content-Type', 'application/geo+json; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${stem}.geojson"`);
      return c.body(`{"type":"FeatureCollection","metadata":${JSON.stringify(meta)},"features":[${features.join(',')}]}`);
    });
};
