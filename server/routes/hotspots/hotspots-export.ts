import type { HotspotResponse } from '../../../core/contracts/planning.ts';
import { toCsv } from '../../../core/formats/csv.ts';
import { localPeriod } from '../../../core/formats/local-date.ts';
import { areaFeatureCollection } from '../coverage/planning-download.ts';

const csvHeader = [
  'code',
  'name',
  'households',
  'incidents',
  'rate',
  'previousIncidents',
  'previousRate',
  'change',
  'neighbours',
  'localIncidents',
  'z',
  'p',
  'q',
  'flag',
];

/**
 * File name of a hotspot export without its extension: the local days the period covers, as chosen.
 *
 * @example
 * hotspotsStem(answer, '210103')  // → 'hotspots-210103-2021-01-01-2021-12-31'
 */
export function hotspotsStem(answer: HotspotResponse, prefix: string): string {
  const days = localPeriod(answer.period.from, answer.period.to);
  return `hotspots-${prefix || 'city'}-${days.from}-${days.to}`;
}

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
    r.localIncidents,
    r.z,
    r.p,
    r.q,
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
