import { readFile } from 'node:fs/promises';
import { ImportError } from '../errors.ts';
import { show } from '../values.ts';
import type { SourceReader, SourceRecord } from './types.ts';
import { badBytesReason, decodeUtf8Checked, originalBytes } from './text-check.ts';

// A GeoJSON file may still carry the 2008 `crs` member; anything but lon/lat on WGS-84/CGCS2000 is refused
// rather than silently misplaced.
const lonLatCrs = /^(urn:ogc:def:crs:(OGC:1\.3:CRS84|OGC::CRS84|EPSG::(4326|4490))|EPSG:(4326|4490)|CRS84)$/i;

/**
 * Reads a GeoJSON FeatureCollection. Features are numbered by their index in `features` (0-based).
 *
 * @example
 * const reader = await openGeoJson('districts.geojson');
 * reader.total // number of features
 */
export async function openGeoJson(file: string): Promise<SourceReader> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new ImportError({ file, reason: `cannot read: ${(error as Error).message}`, cause: error });
  }
  // GeoJSON is UTF-8 (RFC 7946): other bytes are marked here and reported at their feature and property
  const { text, guard } = decodeUtf8Checked(bytes);
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new ImportError({ file, line: syntaxErrorLine(error as Error, text), reason: `not valid JSON: ${(error as Error).message}`, cause: error });
  }
  if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== 'FeatureCollection') {
    throw new ImportError({ file, field: 'type', reason: `expected a GeoJSON FeatureCollection, got type ${show((data as { type?: unknown })?.type)}` });
  }
  const { features, crs } = data as { features?: unknown; crs?: { properties?: { name?: unknown } } };
  if (!Array.isArray(features)) throw new ImportError({ file, field: 'features', reason: 'expected an array of features' });
  const crsName = crs?.properties?.name;
  if (crs !== undefined && crs !== null && !(typeof crsName === 'string' && lonLatCrs.test(crsName))) {
    throw new ImportError({ file, field: 'crs', reason: `unsupported CRS ${show(crsName ?? crs)}: expected lon/lat (EPSG:4326, EPSG:4490 or CRS84)` });
  }

  const list: unknown[] = features;
  function* records(): Generator<SourceRecord> {
    for (let featureIndex = 0; featureIndex < list.length; featureIndex++) {
      const feature = list[featureIndex] as { type?: unknown; properties?: unknown; geometry?: unknown } | null;
      if (typeof feature !== 'object' || feature === null || feature.type !== 'Feature') {
        throw new ImportError({ file, featureIndex, field: 'type', reason: `expected a Feature, got ${show(feature?.type ?? feature)}` });
      }
      const { properties } = feature;
      if (properties !== null && properties !== undefined && (typeof properties !== 'object' || Array.isArray(properties))) {
        throw new ImportError({ file, featureIndex, field: 'properties', reason: `expected an object, got ${show(properties)}` });
      }
      if (guard.count) {
        for (const [name, value] of Object.entries(properties ?? {})) {
          const bad = [name, value].find((text): text is string => typeof text === 'string' && text.includes(guard.marker));
          if (bad !== undefined) {
            const reason = badBytesReason(originalBytes(bad, guard), 'utf-8', 'GeoJSON is UTF-8', { utf8Only: true });
            throw new ImportError({ file, featureIndex, field: name, reason: bad === name ? `the property name's ${reason}` : reason });
          }
        }
      }
      yield { position: { featureIndex }, properties: (properties ?? {}) as Record<string, unknown>, geometry: feature.geometry };
    }
  }

  return { tabular: false, total: features.length, records: toAsync(records()) };
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

/** V8 reports JSON syntax errors as "... at position N" (Node 20) or "(line L column C)" (newer). */
function syntaxErrorLine(error: Error, text: string): number | undefined {
  const line = /line (\d+)/.exec(error.message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(error.message);
  if (!position) return undefined;
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < Number(position[1]); i = text.indexOf('\n', i + 1)) count++;
  return count;
}
