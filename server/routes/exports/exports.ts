import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { everyone, publicPrincipal, staff } from '../../../core/access/roles.ts';
import { notFound } from '../../access/scope.ts';
import { exportIncidentsQuerySchema, exportLayerQuerySchema } from '../../../core/contracts/exports.ts';
import { incidentSchema } from '../../../core/contracts/incidents.ts';
import { incidentFeature, layerFeature, type Feature } from '../ogc/features.ts';
import { isLayer } from '../ogc/documents.ts';
import { parseBbox, parseFilters } from '../ogc/params.ts';
import { layerTables, type LayerId } from '../../../db/queries/ogc.ts';
import { incidentPages, layerPages } from '../../../db/queries/exports.ts';
import { incidentScopeColumns } from '../../../db/queries/incidents-area.ts';
import { scopeCondition } from '../../../db/queries/scope.ts';
import { csvChunks, geoJsonChunks, textStream } from './exports-formats.ts';
import { writeGeoPackage, type ExportColumn } from './exports-gpkg.ts';

type Format = 'csv' | 'geojson' | 'gpkg';
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The incident export's columns, from the incident API contract (so both stay the same). */
const incidentColumns: ExportColumn[] = [
  ...Object.entries(incidentSchema.shape)
    .filter(([key]) => key !== 'location' && key !== 'assignee')
    .map(([key, field]): ExportColumn => {
      const inner = (field as z.ZodType).def.type === 'nullable' ? ((field as z.ZodNullable).def.innerType as z.ZodType) : (field as z.ZodType);
      const kind = inner.def.type;
      const type = kind === 'boolean' ? 'BOOLEAN' : kind === 'number' ? 'MEDIUMINT' : key.endsWith('At') ? 'DATETIME' : 'TEXT';
      return { name: snake(key), type };
    }),
  { name: 'assignee_kind', type: 'TEXT' },
  { name: 'assignee_code', type: 'TEXT' },
];
const layerColumns = (layer: LayerId): ExportColumn[] =>
  Object.entries(layerTables[layer].properties).map(([name, type]) => ({ name, type: type === 'text' ? 'TEXT' : type === 'integer' ? 'MEDIUMINT' : 'BOOLEAN' }));

async function send(c: Context<AppEnv>, name: string, format: Format, geometry: 'Point' | 'MultiPolygon', columns: ExportColumn[], pages: AsyncIterable<Feature[]>) {
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  c.header('Content-Disposition', `attachment; filename="${name}-${day}.${format}"`);
  c.header('Cache-Control', 'private, no-store');
  if (format === 'gpkg') {
    const bytes = await writeGeoPackage(name, geometry === 'Point' ? 'POINT' : 'MULTIPOLYGON', columns, pages);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/geopackage+sqlite3' });
  }
  const chunks = format === 'csv' ? csvChunks(columns.map((col) => col.name), geometry, pages) : geoJsonChunks(pages);
  return c.body(textStream(chunks), 200, { 'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json' });
}

async function* mapPages<T>(pages: AsyncIterable<T[]>, map: (row: T) => Feature): AsyncGenerator<Feature[]> {
  for await (const page of pages) yield page.map(map);
}

/**
 * `/api/exports/*`: any layer (bbox and property filters as in the OGC API) or the filtered incident
 * set (the incident list's filters, the caller's area, reporter masked) as CSV (UTF-8 with BOM),
 * GeoJSON or GeoPackage. CSV and GeoJSON stream from the database page by page.
 */
export const exportRoutes = ({ database }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/exports/incidents', access({ roles: staff, scoped: true, personal: true }), async (c) => {
      const { format, ...filters } = exportIncidentsQuerySchema.parse(c.req.query());
      const principal = c.get('principal') ?? publicPrincipal;
      const scope = scopeCondition(principal, incidentScopeColumns('i'));
      const pages = mapPages(incidentPages(database.db, scope, filters), (row) => incidentFeature(principal, row));
      return send(c, 'incidents', format, 'Point', incidentColumns, pages);
    })
    .get('/exports/:layer', access({ roles: everyone }), async (c) => {
      const layer = c.req.param('layer');
      if (!isLayer(layer)) throw notFound(`layer ${layer}`);
      const { format, bbox } = exportLayerQuerySchema.parse(c.req.query());
      const equals = parseFilters(c.req.query(), layerTables[layer].properties, new Set(['format', 'bbox']));
      const pages = mapPages(layerPages(database.db, layer, { bbox: bbox === undefined ? undefined : parseBbox(bbox), equals }), layerFeature);
      return send(c, layer, format, layerTables[layer].geometry, layerColumns(layer), pages);
    });
