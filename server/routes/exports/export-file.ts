import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../../context.ts';
import { incidentSchema } from '../../../core/contracts/incidents.ts';
import { layerTables, type LayerId } from '../../../db/queries/ogc.ts';
import type { Feature } from '../ogc/features.ts';
import { csvChunks, geoJsonChunks, textStream } from './exports-formats.ts';
import { writeGeoPackage, type ExportColumn } from './exports-gpkg.ts';

type Format = 'csv' | 'geojson' | 'gpkg';
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The incident export's columns, from the incident API contract (so both stay the same). */
export const incidentColumns: ExportColumn[] = [
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

/** A layer's export columns: its OGC properties. */
export const layerColumns = (layer: LayerId): ExportColumn[] =>
  Object.entries(layerTables[layer].properties).map(([name, type]) => ({
    name,
    type: type === 'text' ? 'TEXT' : type === 'integer' ? 'MEDIUMINT' : 'BOOLEAN',
  }));

/**
 * Answers an export as a download named after the table and today's date in China (UTC+8). CSV and
 * GeoJSON stream page by page; a GeoPackage is a database file, so it is written whole first.
 *
 * @example
 * return sendExport(c, 'sites', 'csv', 'Point', layerColumns('sites'), pages);
 */
export async function sendExport(
  c: Context<AppEnv>,
  name: string,
  format: Format,
  geometry: 'Point' | 'MultiPolygon',
  columns: ExportColumn[],
  pages: AsyncIterable<Feature[]>,
) {
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  c.header('Content-Disposition', `attachment; filename="${name}-${day}.${format}"`);
  c.header('Cache-Control', 'private, no-store');
  if (format === 'gpkg') {
    const bytes = await writeGeoPackage(name, geometry === 'Point' ? 'POINT' : 'MULTIPOLYGON', columns, pages);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/geopackage+sqlite3' });
  }
  const chunks =
    format === 'csv'
      ? csvChunks(
          columns.map((col) => col.name),
          geometry,
          pages,
        )
      : geoJsonChunks(pages);
  return c.body(textStream(chunks), 200, { 'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json' });
}

/** Database pages mapped to features one page at a time, so a large export never sits in memory whole. */
export async function* mapPages<T>(pages: AsyncIterable<T[]>, map: (row: T) => Feature): AsyncGenerator<Feature[]> {
  for await (const page of pages) yield page.map(map);
}
