import { geojsonToWKT, wktToGeoJSON } from '@terraformer/wkt';
import { ImportError } from '../errors.ts';
import type { SourceReader, SourceRecord } from './types.ts';
import type { Position, ToLonLat } from './crs.ts';

/** The coordinate system a file is read in, for messages: its name and who declared it. */
export interface DeclaredCrs {
  /** e.g. "CGCS2000_3_Degree_GK_Zone_41" or "EPSG:4499" */
  name: string;
  /** e.g. "the .prj", "--crs", "the GeoPackage" */
  source: string;
}

/** A position that did not come out as lon/lat; caught per record and reported with its position. */
class OutsideCrs extends Error {
  constructor(readonly input: Position) {
    super('outside');
  }
}

const lonLat = ([x, y]: Position) => Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) <= 180 && Math.abs(y) <= 90;

/** Maps every position of GeoJSON coordinates; anything that is not a position is left for validation. */
function mapCoordinates(value: unknown, transform: ToLonLat): unknown {
  if (!Array.isArray(value)) return value;
  if (typeof value[0] === 'number' && typeof value[1] === 'number') {
    const input: Position = [value[0], value[1]];
    const output = transform(input);
    if (!lonLat(output) && Number.isFinite(input[0]) && Number.isFinite(input[1])) throw new OutsideCrs(input);
    return output;
  }
  return value.map((item) => mapCoordinates(item, transform));
}

function reprojectGeometry(geometry: unknown, transform: ToLonLat): unknown {
  if (typeof geometry !== 'object' || geometry === null || !('coordinates' in geometry)) return geometry;
  return { ...geometry, coordinates: mapCoordinates((geometry as { coordinates: unknown }).coordinates, transform) };
}

const numeric = (value: unknown) => (typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN);

function reprojectRecord(record: SourceRecord, tabular: boolean, transform: ToLonLat): SourceRecord {
  if (!tabular) return { ...record, geometry: reprojectGeometry(record.geometry, transform) };
  const properties = { ...record.properties };
  const x = numeric(properties.lon);
  const y = numeric(properties.lat);
  // Unreadable cells stay as they are, so the row check names them.
  if (Number.isFinite(x) && Number.isFinite(y)) {
    const output = transform([x, y]);
    if (!lonLat(output)) throw new OutsideCrs([x, y]);
    [properties.lon, properties.lat] = output;
  }
  if (typeof properties.wkt === 'string' && properties.wkt.trim()) {
    try {
      const geometry = wktToGeoJSON(properties.wkt.trim().replace(/^SRID=\d+;/i, ''));
      properties.wkt = geojsonToWKT(reprojectGeometry(geometry, transform) as typeof geometry);
    } catch (error) {
      if (error instanceof OutsideCrs) throw error;
      // not WKT: the row check reports it
    }
  }
  return { ...record, properties };
}

/**
 * The records of `reader` with their coordinates (geometry, or lon/lat / wkt columns) converted to
 * WGS-84 lon/lat by `transform`, before any check, so the checks and messages stay the importer's own.
 * A position the declared system cannot turn into lon/lat (a wrong `.prj`: projection maths gives NaN or
 * a longitude of 3,000°) stops the import naming that system and where it was declared; with no
 * transform (a lon/lat system was declared) only that check runs.
 *
 * @example
 * const lonLat = reprojectReader(await openCsv('sites.csv'), toLonLat('EPSG:4499')!, { name: 'EPSG:4499', source: '--crs' }, 'sites.csv');
 */
export function reprojectReader(reader: SourceReader, transform: ToLonLat | null, crs: DeclaredCrs, file: string): SourceReader {
  const apply = transform ?? ((position: Position) => position);
  async function* records() {
    for await (const record of reader.records) {
      try {
        yield reprojectRecord(record, reader.tabular, apply);
      } catch (error) {
        if (!(error instanceof OutsideCrs)) throw error;
        const [x, y] = error.input;
        const geometryField = !reader.tabular ? 'geometry' : typeof record.properties.wkt === 'string' ? 'wkt' : 'lon';
        throw new ImportError({
          file,
          ...record.position,
          field: geometryField,
          reason:
            `coordinates [${x}, ${y}] are not in the coordinate system ${crs.name} (declared by ${crs.source}): ` +
            `they do not convert to a longitude/latitude. Is ${crs.source} right for this data? ` +
            `--crs EPSG:<code> overrides it (e.g. EPSG:4529, CGCS2000 3° Gauss-Krüger zone 41 with the zone number in the easting, as around Shenyang).`,
        });
      }
    }
  }
  return { ...reader, records: records() };
}
