import type { Context } from 'hono';
import type { AppEnv } from '../../context.ts';

const mediaTypes = { csv: 'text/csv; charset=utf-8', geojson: 'application/geo+json; charset=utf-8' } as const;

/**
 * Answers a planning export as a file download named `<stem>.<format>`.
 *
 * @example
 * return sendDownload(c, 'csv', 'coverage-street-city-500m', coverageCsv(answer));
 */
export function sendDownload(c: Context<AppEnv>, format: keyof typeof mediaTypes, stem: string, body: string): Response {
  c.header('Content-Type', mediaTypes[format]);
  c.header('Content-Disposition', `attachment; filename="${stem}.${format}"`);
  return c.body(body);
}

/**
 * A GeoJSON FeatureCollection of area rows (one feature per `code`, the row as its properties) with the
 * answer's figures as `metadata`. Written as text because the shapes already arrive as GeoJSON strings
 * from PostGIS; parsing them only to serialise them again would cost a city's worth of geometry.
 *
 * @example
 * areaFeatureCollection({ radius: 500 }, answer.rows, await areaShapes(pool, 'streets', ''));
 */
export function areaFeatureCollection(meta: unknown, rows: readonly { code: string }[], shapes: Map<string, string>): string {
  const features = rows.map(
    (row) => `{"type":"Feature","id":${JSON.stringify(row.code)},"geometry":${shapes.get(row.code) ?? 'null'},"properties":${JSON.stringify(row)}}`,
  );
  return `{"type":"FeatureCollection","metadata":${JSON.stringify(meta)},"features":[${features.join(',')}]}`;
}
