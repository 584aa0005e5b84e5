/** Scenario summaries, exports (GeoJSON, CSV with BOM) and the side-by-side comparison. */
import type { Scenario, ScenarioSummary, SitingResult } from '../contracts/planning-siting.ts';
import { toCsv } from './csv.ts';

export const summaryOf = ({ result: _result, ...summary }: Scenario): ScenarioSummary => summary;

const share = (v: number | null) => (v === null ? null : Number(v.toFixed(4)));

/**
 * GeoJSON FeatureCollection of the proposed sites (Points, WGS-84) with rank and gains.
 *
 * @example
 * scenarioGeoJson({ name: 'A', result }).features[0].properties.rank  // → 1
 */
export function scenarioGeoJson(scenario: { name: string; result: SitingResult }) {
  const { result } = scenario;
  return {
    type: 'FeatureCollection' as const,
    metadata: {
      name: scenario.name,
      kinds: result.kinds,
      radius: result.radius,
      candidates: result.candidates,
      area: result.area,
      before: result.before,
      after: result.after,
      method: result.method,
      note: result.note,
    },
    features: result.sites.map((site) => ({
      type: 'Feature' as const,
      id: site.rank,
      geometry: { type: 'Point' as const, coordinates: [site.lon, site.lat] },
      properties: {
        rank: site.rank,
        code: site.code,
        name: site.name,
        gain: site.gain,
        populationGain: site.populationGain,
        householdsCovered: site.householdsCovered,
        share: share(site.share),
        newlyCovered: site.newlyCovered.join(' '),
      },
    })),
  };
}

/** One CSV line per proposed site, then a line with the totals before and after. */
export function scenarioCsv(result: SitingResult): string {
  const header = ['rank', 'code', 'name', 'lon', 'lat', 'gainHouseholds', 'gainPopulation', 'householdsCovered', 'share', 'newlyCoveredCompounds'];
  const rows = result.sites.map((s) => [
    s.rank,
    s.code,
    s.name,
    s.lon.toFixed(6),
    s.lat.toFixed(6),
    s.gain,
    s.populationGain,
    s.householdsCovered,
    share(s.share),
    s.newlyCovered.join(' '),
  ]);
  rows.push(['before', '', '', '', '', '', '', result.before.householdsCovered, share(result.before.share), '']);
  rows.push(['after', '', '', '', '', '', '', result.after.householdsCovered, share(result.after.share), '']);
  return toCsv(header, rows);
}

/**
 * Scenarios side by side: per rank, each scenario's cumulative share, and which proposed locations
 * they have in common.
 */
export function compareScenarios(scenarios: Scenario[]) {
  const depth = Math.max(...scenarios.map((s) => s.result.sites.length));
  const steps = Array.from({ length: depth }, (_v, i) => ({
    rank: i + 1,
    shares: scenarios.map((s) => share(s.result.sites[i]?.share ?? null)),
    gains: scenarios.map((s) => s.result.sites[i]?.gain ?? null),
  }));
  const codes = scenarios.map((s) => new Set(s.result.sites.map((x) => x.code)));
  const common = [...codes[0]!].filter((code) => codes.every((set) => set.has(code)));
  return { scenarios: scenarios.map(summaryOf), steps, common };
}
