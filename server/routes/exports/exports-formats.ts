import { geojsonToWKT } from '@terraformer/wkt';
import type { Feature } from '../ogc/features.ts';

/** CSV and GeoJSON exports, streamed page by page. */

const encoder = new TextEncoder();

/** A text stream from an async generator of chunks. */
export function textStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * Leading characters that make a spreadsheet treat a cell as a formula (OWASP "CSV Injection"): = + - @,
 * tab and carriage return, and their full-width forms (＝ ＋ － ＠), which Excel and WPS in a Chinese
 * locale also accept. `-` is guarded even before a digit: `-1+cmd|' /C calc'!A0` is a formula too.
 */
export const formulaStart = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/**
 * One CSV field: quoted when needed; a text starting with a formula character (`formulaStart`) gets a
 * leading apostrophe so a spreadsheet shows it as text instead of running it (CSV injection). Numbers
 * the export itself writes (coordinates, counts) are not text and stay as they are.
 *
 * @example
 * csvField('=HYPERLINK("x")') // `"'=HYPERLINK(""x"")"`
 * csvField('-1+1') // "'-1+1"
 * csvField(-1.5) // '-1.5'
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV for Excel and the importers: UTF-8 with a byte-order mark (so Excel shows Chinese), CRLF, the
 * properties then `lon,lat` (points) or `wkt` (areas), the columns the CSV importer reads back.
 *
 * @example
 * textStream(csvChunks(['code', 'name'], 'Point', pages))
 */
export async function* csvChunks(columns: string[], geometry: 'Point' | 'MultiPolygon', pages: AsyncIterable<Feature[]>): AsyncGenerator<string> {
  const geometryColumns = geometry === 'Point' ? ['lon', 'lat'] : ['wkt'];
  yield `\ufeff${[...columns, ...geometryColumns].join(',')}\r\n`;
  for await (const page of pages) {
    const lines = page.map((feature) => {
      const g = feature.geometry;
      const where =
        geometry === 'Point' ? [(g?.coordinates as number[] | undefined)?.[0], (g?.coordinates as number[] | undefined)?.[1]] : [g ? geojsonToWKT(g) : null];
      return [...columns.map((c) => feature.properties[c]), ...where].map(csvField).join(',');
    });
    yield `${lines.join('\r\n')}\r\n`;
  }
}

/**
 * A GeoJSON FeatureCollection (RFC 7946, WGS-84 lon/lat), written feature by feature.
 *
 * @example
 * textStream(geoJsonChunks(pages))
 */
export async function* geoJsonChunks(pages: AsyncIterable<Feature[]>): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const page of pages) {
    const text = page.map((f) => JSON.stringify(f)).join(',');
    yield first ? text : `,${text}`;
    first = false;
  }
  yield ']}';
}
