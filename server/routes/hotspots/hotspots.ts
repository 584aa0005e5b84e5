import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { signedIn } from '../../../core/access/roles.ts';
import { hotspotExportQuerySchema, hotspotQuerySchema } from '../../../core/contracts/planning.ts';
import { areaShapes } from '../../../db/queries/coverage.ts';
import { toCsv } from '../../../core/formats/csv.ts';
import { checkArea } from '../coverage/coverage-data.ts';
import { planningPrefix } from '../coverage/coverage-scope.ts';
import { computeHotspots } from './hotspots-data.ts';

/**
 * `/api/hotspots`: incident rates per grid cell with Gi* z-scores, as JSON, CSV (BOM) or GeoJSON.
 * Counts per grid only (no incident detail): every signed-in role, within its own area.
 */
export const hotspotRoutes = ({ database }: AppDeps) => {
  const pool = database.pool;
  return new Hono<AppEnv>()
    .get('/hotspots', access({ roles: signedIn, scoped: true }), async (c) => {
      const query = hotspotQuerySchema.parse(c.req.query());
      const prefix = planningPrefix(c.get('principal'), query.area);
      await checkArea(pool, prefix || undefined);
      c.header('Cache-Control', 'private, no-store');
      return c.json(await computeHotspots(pool, query, prefix));
    })
    .get('/hotspots/export', access({ roles: signedIn, scoped: true }), async (c) => {
      const query = hotspotExportQuerySchema.parse(c.req.query());
      const prefix = planningPrefix(c.get('principal'), query.area);
      await checkArea(pool, prefix || undefined);
      const answer = await computeHotspots(pool, query, prefix);
      const stem = `hotspots-${prefix || 'city'}-${answer.period.from.slice(0, 10)}`;
      c.header('Cache-Control', 'private, no-store');
      if (query.format === 'csv') {
        const header = ['code', 'name', 'households', 'incidents', 'rate', 'previousIncidents', 'previousRate', 'change', 'neighbours', 'z', 'p', 'flag'];
        const rows = answer.rows.map((r) => [r.code, r.name, r.households, r.incidents, r.rate, r.previousIncidents, r.previousRate, r.change, r.neighbours, r.z, r.p, r.flag]);
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="${stem}.csv"`);
        return c.body(toCsv(header, rows));
      }
      const shapes = await areaShapes(pool, 'grid_cells', prefix);
      const features = answer.rows.map((row) =>
        `{"type":"Feature","id":${JSON.stringify(row.code)},"geometry":${shapes.get(row.code) ?? 'null'},"properties":${JSON.stringify(row)}}`);
      const { rows: _rows, ...meta } = answer;
      c.header('Content-Type', 'application/geo+json; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${stem}.geojson"`);
      return c.body(`{"type":"FeatureCollection","metadata":${JSON.stringify(meta)},"features":[${features.join(',')}]}`);
    });
};
