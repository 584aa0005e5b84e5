import type { CoverageResponse } from '../../../core/contracts/planning.ts';
import { toCsv } from '../../../core/formats/csv.ts';
import { areaFeatureCollection } from './planning-download.ts';

const csvHeader = [
  'code',
  'name',
  'households',
  'householdsCovered',
  'population',
  'populationCovered',
  'share',
  'nearestSiteP50',
  'nearestSiteP90',
  'compounds',
  'compoundsCovered',
];

/** File name of a coverage export without its extension, e.g. `coverage-street-city-500m`. */
export const coverageStem = (answer: CoverageResponse, prefix: string) => `coverage-${answer.level}-${prefix || 'city'}-${answer.radius}m`;

/**
 * Coverage per area as CSV (UTF-8 BOM); the share rounded to 4 places for spreadsheets.
 *
 * @example
 * coverageCsv(await computeCoverage(pool, request))
 */
export function coverageCsv(answer: CoverageResponse): string {
  const rows = answer.rows.map((r) => [
    r.code,
    r.name,
    r.households,
    r.householdsCovered,
    r.population,
    r.populationCovered,
    r.share === null ? null : Number(r.share.toFixed(4)),
    r.nearestSiteP50,
    r.nearestSiteP90,
    r.compounds,
    r.compoundsCovered,
  ]);
  return toCsv(csvHeader, rows);
}

/**
 * Coverage per area as GeoJSON, the request and totals as metadata.
 *
 * @example
 * coverageGeoJson(answer, await areaShapes(pool, areaTables[answer.level], prefix))
 */
export function coverageGeoJson(answer: CoverageResponse, shapes: Map<string, string>): string {
  const meta = { kinds: answer.kinds, radius: answer.radius, level: answer.level, area: answer.area, method: answer.method, totals: answer.totals };
  return areaFeatureCollection(meta, answer.rows, shapes);
}
