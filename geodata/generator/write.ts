/** Deterministic file writers: fixed column order, fixed number formatting, LF line ends. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { SCALE, type MultiPolygon } from './geometry.ts';

export type Cell = string | number | boolean | null | undefined;

const csvCell = (value: Cell): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * Streams a CSV file (header first); `done()` resolves when it is flushed to disk.
 *
 * @example
 * const csv = csvWriter('sites.csv', ['code', 'name']); csv.row(['MP1', '点']); await csv.done();
 */
export function csvWriter(file: string, header: string[]) {
  const stream = createWriteStream(file);
  let buffer = header.join(',') + '\n';
  let rows = 0;
  return {
    row(values: Cell[]) {
      buffer += values.map(csvCell).join(',') + '\n';
      rows++;
      if (buffer.length > 1 << 20) {
        stream.write(buffer);
        buffer = '';
      }
    },
    get rows() {
      return rows;
    },
    done: () => finish(stream, buffer),
  };
}

function finish(stream: WriteStream, rest: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('error', reject);
    stream.end(rest, () => resolve());
  });
}

/** Lattice coordinate → fixed 6-decimal text (bit-identical on every platform). */
export const coordinate = (v: number): string => {
  const negative = v < 0;
  const a = Math.abs(Math.round(v));
  const text = `${Math.floor(a / SCALE)}.${String(a % SCALE).padStart(6, '0')}`;
  return negative ? `-${text}` : text;
};

function multiPolygonJson(mp: MultiPolygon): string {
  const ring = (r: MultiPolygon[number][number]) => '[' + [...r, r[0]].map(([x, y]) => `[${coordinate(x)},${coordinate(y)}]`).join(',') + ']';
  return `{"type":"MultiPolygon","coordinates":[${mp.map((p) => `[${p.map(ring).join(',')}]`).join(',')}]}`;
}

/**
 * Streams a GeoJSON FeatureCollection, one feature per line; properties keep the given key order.
 *
 * @example
 * const out = geojsonWriter('districts.geojson'); out.feature({ code: '210103' }, mp); await out.done();
 */
export function geojsonWriter(file: string) {
  const stream = createWriteStream(file);
  let buffer = '{"type":"FeatureCollection","features":[\n';
  let features = 0;
  return {
    feature(properties: Record<string, Cell>, geometry: MultiPolygon) {
      buffer += `${features ? ',\n' : ''}{"type":"Feature","properties":${JSON.stringify(properties)},"geometry":${multiPolygonJson(geometry)}}`;
      features++;
      if (buffer.length > 1 << 20) {
        stream.write(buffer);
        buffer = '';
      }
    },
    get features() {
      return features;
    },
    done: () => finish(stream, buffer + '\n]}\n'),
  };
}
