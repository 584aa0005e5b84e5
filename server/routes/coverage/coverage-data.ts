/**
 * Builds the coverage answer: checks the kinds against the registry, picks the default radius, asks
 * the database which compounds are covered and adds the figures up per area (coverage-math.ts).
 */
import { ApiError } from '../../middleware/errors.ts';
import { areaLevel } from '../../../core/areas/codes.ts';
import { figuresByArea, figuresOf, type CompoundFact } from './coverage-math.ts';
import {
  areaExists,
  areasUnder,
  areasWithSites,
  compoundCoverage,
  countSites,
  listSiteKinds,
  type AreaTable,
  type CompoundCoverageRow,
  type CoverageFilter,
  type Queryable,
  SCAN_NEAREST_BELOW,
} from '../../../db/queries/coverage.ts';
import { walkCompoundCoverage, walkRadius, WALK_METHOD_NOTE } from '../../planning/walk-coverage.ts';
import { DEFAULT_COVERAGE_KINDS, type CoverageLevel, type CoverageResponse, type FullCoverage } from '../../../core/contracts/planning.ts';

export const METHOD_NOTE = 'straight-line distance on the WGS-84 spheroid (ST_DWithin on geography); no road network';

/** The table that holds the areas of each coverage level. */
export const areaTables: Record<CoverageLevel, AreaTable> = { district: 'districts', street: 'streets', community: 'communities', grid: 'grid_cells' };
const codeLength: Record<CoverageLevel, number> = { district: 6, street: 9, community: 12, grid: 14 };

export interface ResolvedKinds {
  kinds: string[];
  radius: number;
  radiusSource: 'request' | 'default';
}

/**
 * Checks requested kinds against the site_kinds registry (400 naming `kinds`) and fills the default
 * radius: the largest default_radius_m among the kinds.
 *
 * @example
 * await resolveKinds(pool, ['watch_post'])  // → { kinds: ['watch_post'], radius: 500, radiusSource: 'default' }
 */
export async function resolveKinds(db: Queryable, kinds: string[] | undefined, radius: number | undefined): Promise<ResolvedKinds> {
  const registry = await listSiteKinds(db);
  const chosen = kinds?.length ? kinds : DEFAULT_COVERAGE_KINDS;
  const unknown = chosen.filter((kind) => !registry.some((r) => r.kind === kind));
  if (unknown.length) {
    throw new ApiError(400, 'invalid_request', `kinds: unknown site kind "${unknown[0]}"; one of ${registry.map((r) => r.kind).join(', ')}`, 'kinds');
  }
  if (radius !== undefined) return { kinds: chosen, radius, radiusSource: 'request' };
  const defaults = registry.filter((r) => chosen.includes(r.kind)).map((r) => r.defaultRadiusM);
  return { kinds: chosen, radius: Math.max(...defaults), radiusSource: 'default' };
}

/** 404 (naming `area`) when a requested area code does not exist. */
export async function checkArea(db: Queryable, area: string | undefined): Promise<void> {
  if (!area) return;
  const level = areaLevel(area);
  const table = level ? areaTables[level as CoverageLevel] : undefined;
  if (!table || !(await areaExists(db, table, area))) {
    throw new ApiError(404, 'not_found', `area ${area} not found`, 'area');
  }
}

const areaOf = (level: CoverageLevel, row: CompoundCoverageRow) => (level === 'grid' ? row.gridCode : row.communityCode.slice(0, codeLength[level]));

const toFact =
  (level: CoverageLevel) =>
  (row: CompoundCoverageRow): CompoundFact => ({
    area: areaOf(level, row) ?? '',
    households: row.households,
    population: row.population,
    covered: row.covered,
    nearest: row.nearest,
  });

/**
 * Compounds under a prefix with their coverage; a 14-digit prefix (one grid) keeps only that grid's.
 * `parts` > 1 splits the work into that many concurrent queries (useful on a PostGIS server with
 * several cores; the embedded database runs them one after another anyway).
 *
 * @example
 * const rows = await coveredCompounds(pool, { kinds: ['watch_post'], radius: 500, prefix: '210103' });
 */
export async function coveredCompounds(db: Queryable, filter: CoverageFilter & { parts?: number; walk?: { minutes: number } }) {
  const withGrid = filter.withGrid || filter.prefix.length === 14;
  const parts = Math.max(1, filter.parts ?? 1);
  if (filter.walk) {
    const walked = await walkCompoundCoverage(db, { ...filter, ...filter.walk, withGrid, parts });
    return filter.prefix.length === 14 ? walked.filter((r) => r.gridCode === filter.prefix) : walked;
  }
  const few = async () => (await countSites(db, filter.kinds)) < SCAN_NEAREST_BELOW;
  const nearestBy = filter.nearestBy ?? (filter.withNearest !== false && (await few()) ? 'scan' : 'index');
  const chunks = await Promise.all(Array.from({ length: parts }, (_v, i) => compoundCoverage(db, { ...filter, withGrid, nearestBy, part: [i, parts] })));
  const rows = parts === 1 ? chunks[0]! : chunks.flat().sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return filter.prefix.length === 14 ? rows.filter((r) => r.gridCode === filter.prefix) : rows;
}

/**
 * Coverage per area of `level` under `prefix`, city totals and the 全覆盖 verdict.
 *
 * @example
 * const answer = await computeCoverage(pool, { kinds: ['mediation_point'], radius: 1000, radiusSource: 'request', level: 'street', prefix: '210103', area: '210103' });
 */
export async function computeCoverage(
  db: Queryable,
  request: ResolvedKinds & { level: CoverageLevel; prefix: string; area: string | null; parts?: number; walk?: { minutes: number } },
): Promise<CoverageResponse> {
  const { kinds, radius, level, prefix } = request;
  if (prefix.length > codeLength[level]) {
    throw new ApiError(400, 'invalid_request', `level: ${level} is above the area ${prefix}; choose a level at or below it`, 'level');
  }
  const [rows, areas, siteAreas, sites] = await Promise.all([
    coveredCompounds(db, { kinds, radius, prefix, withGrid: level === 'grid', parts: request.parts, walk: request.walk }),
    areasUnder(db, areaTables[level], prefix),
    areasWithSites(db, kinds, prefix),
    countSites(db, kinds, prefix.slice(0, 12)),
  ]);
  const facts = rows.map(toFact(level));
  const byArea = figuresByArea(
    facts,
    areas.map((a) => a.code),
  );
  return {
    kinds,
    radius: request.walk ? walkRadius(request.walk.minutes) : radius,
    radiusSource: request.radiusSource,
    level,
    area: request.area,
    sites,
    rows: areas.map((a) => ({ code: a.code, name: a.name, ...byArea.get(a.code)! })),
    totals: figuresOf(facts),
    fullCoverage: fullCoverageOf(siteAreas),
    method: request.walk ? WALK_METHOD_NOTE : METHOD_NOTE,
    mode: request.walk ? 'walk' : 'straight',
    minutes: request.walk?.minutes ?? null,
  };
}

function fullCoverageOf(rows: Awaited<ReturnType<typeof areasWithSites>>): FullCoverage {
  const part = (level: 'street' | 'community') => {
    const list = rows.filter((r) => r.level === level);
    const missing = list.filter((r) => !r.hasSite).map(({ code, name }) => ({ code, name }));
    return { total: list.length, withSite: list.length - missing.length, missing };
  };
  const streets = part('street');
  const communities = part('community');
  return { full: streets.missing.length === 0 && communities.missing.length === 0, streets, communities };
}
