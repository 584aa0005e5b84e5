import { readFile } from 'node:fs/promises';
import { ImportError } from '../errors.ts';
import { show } from '../values.ts';
import type { ReaderOptions, SourceReader, SourceRecord } from './types.ts';
import { badBytesReason, decodeUtf8Checked, originalBytes } from './text-check.ts';
import { epsgCodeOf, epsgDefinition, toLonLat } from './crs.ts';
import { reprojectReader } from './reproject.ts';

// A GeoJSON file may still carry the 2008 `crs` member (GDAL and QGIS write one for projected data): lon/lat
// is read as is, an EPSG code the importer can convert is reprojected, anything else is refused rather than
// silently misplaced.
const lonLatCrs = /^(urn:ogc:def:crs:(OGC:1\.3:CRS84|OGC::CRS84|EPSG::(4326|4490))|EPSG:(4326|4490)|CRS84)$/i;
const memberSource = 'the GeoJSON crs member';

/**
 * The projected EPSG code a `crs` member names (undefined for lon/lat); refuses one it cannot convert.
 * `--crs` (options.crs) overrides the member: then it is not read at all.
 */
function memberCrs(file: string, crs: { properties?: { name?: unknown } } | null | undefined, forced: string | undefined): number | undefined {
  if (crs === undefined || crs === null || forced) return undefined;
  const name = crs.properties?.name;
  if (typeof name === 'string' && lonLatCrs.test(name.trim())) return undefined;
  const code = typeof name === 'string' ? epsgCodeOf(name) : undefined;
  if (code !== undefined && epsgDefinition(code)) return toLonLat(`EPSG:${code}`) ? code : undefined;
  throw new ImportError({
    file,
    field: 'crs',
    reason:
      `unsupported CRS ${show(name ?? crs)}: expected lon/lat (EPSG:4326, EPSG:4490 or CRS84) or a built-in projected EPSG code ` +
      `(CGCS2000 Gauss-Krüger 4491–4554, WGS-84 UTM 326xx/327xx, 3857); --crs EPSG:<code> overrides the member`,
  });
}

/**
 * Reads a GeoJSON FeatureCollection. Features are numbered by their index in `features` (0-based). A
 * `crs` member naming a projected EPSG code (`urn:ogc:def:crs:EPSG::4499`, `EPSG:4499`) is honoured: the
 * records come out in lon/lat; `options.crs` (`--crs`) overrides the member.
 *
 * @example
 * const reader = await openGeoJson('districts.geojson');
 * reader.total // number of features
 */
export async function openGeoJson(file: string, options: ReaderOptions & { crs?: string } = {}): Promise<SourceReader> {
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
  const projected = memberCrs(file, crs, options.crs);

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

  const reader: SourceReader = { tabular: false, total: features.length, records: toAsync(records()) };
  if (projected === undefined) return reader;
  const name = `EPSG:${projected}`;
  return reprojectReader(reader, toLonLat(name), { name, source: memberSource }, file);
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
