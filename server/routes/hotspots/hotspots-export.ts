import type { HotspotResponse } from '../../../core/contracts/planning.ts';
import { toCsv } from '../../../core/formats/csv.ts';
import { areaFeatureCollection } from '../coverage/planning-download.ts';

const csvHeader = ['code', 'name', 'households', 'incidents', 'rate', 'previousIncidents', 'previousRate', 'change', 'neighbours', 'z', 'p', 'flag'];

/** File name of a hotspot export without its extension, e.g. `hotspots-210103-2026-01-01`. */
export const hotspotsStem = (answer: HotspotResponse, prefix: string) => `hotspots-${prefix || 'city'}-${answer.period.from.slice(0, 10)}`;

/**
 * Rates and Gi* figures per grid cell as CSV (UTF-8 BOM).
 *
 * @example
 * hotspotsCsv(await computeHotspots(pool, query, prefix))
 */
export function hotspotsCsv(answer: HotspotResponse): string {
  const rows = answer.rows.map((r) => [
    r.code,
    r.name,
    r.households,
    r.incidents,
    r.rate,
    r.previousIncidents,
    r.previousRate,
    r.change,
    r.neighbours,
    r.z,
    r.p,
    r.flag,
  ]);
  return toCsv(csvHeader, rows);
}

/**
 * Rates and Gi* figures per grid cell as GeoJSON; everything else of the answer is the metadata.
 *
 * @example
 * hotspotsGeoJson(answer, await areaShapes(pool, 'grid_cells', prefix))
 */
export function hotspotsGeoJson(answer: HotspotResponse, shapes: Map<string, string>): string {
  const { rows, ...meta } = answer;
  return areaFeatureCollection(meta, rows, shapes);
}
