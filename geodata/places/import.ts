/**
 * `npm run geodata -- import places <file>`: the gazetteer of named places (streets, roads, landmarks,
 * compounds) the map's search box finds. GeoJSON or CSV (any reader of the importers), one transaction,
 * and errors naming the file, line or feature, and field, like every other import.
 */
import { withTransaction, type Database } from '../../db/client.ts';
import { deletePlacesOfSource, placesOutsideCity, upsertPlaces } from '../../db/queries/places.ts';
import { refreshSearchIndexWith } from '../../db/queries/search-index.ts';
import { describePosition, FieldProblem, ImportError, type SourcePosition } from '../importers/errors.ts';
import { toWgs84, type Crs } from '../importers/geometry.ts';
import { defaultToleranceM } from '../importers/placement.ts';
import { openReader } from '../importers/readers/index.ts';
import { placeRow, type PlaceRow } from './rows.ts';

export interface PlacesOptions {
  crs?: Crs;
  encoding?: string;
  /** how far (metres) a place may lie outside every district (default 200) */
  toleranceM?: number;
  /** delete the places of this source first (the demo replaces its own rows) */
  replaceSource?: string;
  /** rebuild the search index before the commit (default true; the demo load rebuilds it once at its end) */
  refreshSearch?: boolean;
}

/**
 * Reads and checks every row of a places file; the first problem throws an ImportError naming its
 * position and field, and a code given twice names both positions.
 *
 * @example
 * const rows = await readPlaces('places.csv', { crs: 'gcj02' });
 */
export async function readPlaces(file: string, options: PlacesOptions = {}): Promise<{ row: PlaceRow; position: SourcePosition }[]> {
  const reader = await openReader(file, { entity: 'places', encoding: options.encoding, crs: options.crs });
  const transform = toWgs84(options.crs);
  const seen = new Map<string, SourcePosition>();
  const rows: { row: PlaceRow; position: SourcePosition }[] = [];
  for await (const record of reader.records) {
    let row: PlaceRow;
    try {
      row = placeRow(record.properties, record.geometry, reader.tabular, transform);
    } catch (error) {
      if (error instanceof FieldProblem) throw new ImportError({ file, ...record.position, field: error.field, reason: error.message });
      throw error;
    }
    const first = seen.get(row.code);
    if (first)
      throw new ImportError({ file, ...record.position, field: 'code', reason: `code "${row.code}" is given twice (also at ${describePosition(first)})` });
    seen.set(row.code, record.position);
    rows.push({ row, position: record.position });
  }
  if (!rows.length) throw new ImportError({ file, reason: 'no places in the file' });
  return rows;
}

/**
 * Imports a places file in one transaction (existing codes are updated) and rebuilds the search index
 * before the commit, so `/api/search` finds the places at once. Places farther than the tolerance from
 * every district are listed and nothing is written.
 *
 * @example
 * const { rows } = await importPlaces(database, 'shenyang-places.geojson'); // rows === 412
 */
export async function importPlaces(database: Database, file: string, options: PlacesOptions = {}): Promise<{ file: string; rows: number; ms: number }> {
  const started = performance.now();
  const read = await readPlaces(file, options);
  const rows = read.map(({ row }) => ({ ...row, geometry: row.geometry }));
  const toleranceM = options.toleranceM ?? defaultToleranceM;
  const written = await withTransaction(database, async (client) => {
    const outside = await placesOutsideCity(client, rows, toleranceM);
    if (outside.length) {
      const problems = outside.slice(0, 20).map(({ index, distanceM }) => ({
        position: read[index]!.position,
        field: 'geometry',
        reason: `"${read[index]!.row.name}" lies ${distanceM === null ? 'where no district is loaded' : `${(distanceM / 1000).toFixed(1)} km outside the city`}`,
      }));
      throw new ImportError({
        file,
        ...problems[0]!.position,
        field: 'geometry',
        reason: `${outside.length} places outside every district (tolerance ${toleranceM} m): ${problems.map((p) => `${describePosition(p.position)} ${p.reason}`).join('; ')}`,
        problems,
        problemCount: outside.length,
      });
    }
    if (options.replaceSource) await deletePlacesOfSource(client, options.replaceSource);
    const count = await upsertPlaces(client, rows);
    if (options.refreshSearch !== false) await refreshSearchIndexWith(client);
    return count;
  });
  return { file, rows: written, ms: performance.now() - started };
}
