/**
 * Planning benchmark (PostGIS, FULL demo city). Load it once into a separate database:
 *   su postgres -c 'createdb pingan_bench'
 *   DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/pingan_bench npm run geodata -- demo --scale full
 * then: DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/pingan_bench npx tsx bench/planning.ts
 * Reports medians of repeated runs; writes bench/results/planning.json.
 *
 *  1. whole-city coverage by mediation points + rooms (1,000 m) at grid and community level
 *     (every compound, every grid cell, the 全覆盖 verdict) — budget ≤ 2 s
 *  2. siting k = 50 over the whole city, compound and grid-cell candidates (incidence SQL + lazy
 *     greedy + interchange) — budget ≤ 5 s
 *  3. city-wide hotspots (Gi* over all grid cells, 90 days)
 *  4. walking (#19): whole-city coverage at community level by a 15-minute walk vs the straight line of
 *     the same 1,080 m, in one run on the same machine — budget: walking ≤ 10× the straight line; the
 *     multi-source shortest paths alone on pgRouting and on the TypeScript Dijkstra; the life circles;
 *     the streets where the two measures differ most
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { connectDatabase, migrateDatabase } from '../db/client.ts';
import { computeCoverage, resolveKinds } from '../server/routes/coverage/coverage-data.ts';
import { computeSiting } from '../server/routes/siting/siting-data.ts';
import { computeHotspots } from '../server/routes/hotspots/hotspots-data.ts';
import { sitingIncidence } from '../db/queries/siting.ts';
import { compoundWalks } from '../server/planning/walk-coverage.ts';
import { lifeCircle } from '../server/planning/walk-life-circle.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to a PostGIS database holding the full demo city');
const database = connectDatabase('postgis', { connectionString: url });
await migrateDatabase(database);
const pool = database.pool;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
async function time<T>(runs: number, work: () => Promise<T>): Promise<{ ms: number; all: number[]; last: T }> {
  const all: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = await work();
    all.push(Math.round(performance.now() - started));
  }
  return { ms: median(all), all, last };
}

const {
  rows: [size],
} = await pool.query(`SELECT (SELECT count(*) FROM compounds)::int AS compounds, (SELECT count(*) FROM grid_cells)::int AS grids,
  (SELECT count(*) FROM sites WHERE kind IN ('mediation_point', 'mediation_room'))::int AS "mediationSites", (SELECT count(*) FROM incidents)::int AS incidents`);
console.log('data:', size);
if (size.compounds < 5000) console.warn('warning: this does not look like the FULL demo city');

const kinds = await resolveKinds(pool, ['mediation_point', 'mediation_room'], undefined);
await computeCoverage(pool, { ...kinds, level: 'grid', prefix: '', area: null, parts: 4 }); // warm-up
const coverageGrid = await time(5, () => computeCoverage(pool, { ...kinds, level: 'grid', prefix: '', area: null, parts: 4 }));
const coverageCommunity = await time(5, () => computeCoverage(pool, { ...kinds, level: 'community', prefix: '', area: null, parts: 4 }));
console.log(
  `coverage, whole city, grid level: median ${coverageGrid.ms} ms (${coverageGrid.all.join(', ')}); share ${(coverageGrid.last.totals.share! * 100).toFixed(1)}%, ${coverageGrid.last.rows.length} rows`,
);
console.log(`coverage, whole city, community level: median ${coverageCommunity.ms} ms (${coverageCommunity.all.join(', ')})`);

const siting: Record<string, unknown> = {};
for (const candidates of ['compounds', 'grids'] as const) {
  const incidence = await time(3, () => sitingIncidence(pool, { kinds: kinds.kinds, radius: kinds.radius, prefix: '', candidates }));
  const run = await time(3, () => computeSiting(pool, { k: 50, candidates }, ''));
  const r = run.last;
  siting[candidates] = {
    medianMs: run.ms,
    runs: run.all,
    incidenceSqlMs: incidence.ms,
    candidates: r.candidatesConsidered,
    pairs: r.pairs,
    method: r.method,
    before: r.before.share,
    after: r.after.share,
    greedyHouseholds: r.greedyHouseholdsCovered,
    households: r.after.householdsCovered,
    upperBound: r.upperBound,
    gainUpperBound: r.gainUpperBound,
    gainRatio: r.gainRatio,
  };
  console.log(
    `siting k=50 (${candidates}): median ${run.ms} ms (${run.all.join(', ')}); incidence SQL ${incidence.ms} ms; ${r.candidatesConsidered} candidates, ${r.pairs} pairs; ` +
      `${r.method}; share ${(r.before.share! * 100).toFixed(1)}% → ${(r.after.share! * 100).toFixed(1)}%; newly covers ≥ ${((r.gainRatio ?? 1) * 100).toFixed(1)}% of the optimal gain (bound ${r.gainUpperBound})`,
  );
}

// the 90 days up to the newest incident (the demo's incidents lie in the past)
const {
  rows: [{ newest }],
} = await pool.query<{ newest: Date }>(`SELECT max(reported_at) AS newest FROM incidents`);
const to = new Date(newest.getTime() + 1000);
const hot = await time(3, () => computeHotspots(pool, { from: new Date(to.getTime() - 90 * 86_400_000), to }, ''));
console.log(
  `hotspots, whole city (${hot.last.rows.length} grids, ${hot.last.summary.incidents} incidents, ${hot.last.summary.hot99} hot at 99%): median ${hot.ms} ms (${hot.all.join(', ')})`,
);

// 4. walking vs straight line, same radius (15 minutes at 1.2 m/s = 1,080 m)
const same = { ...kinds, radius: 1080, radiusSource: 'request' as const, prefix: '', area: null, parts: 4 };
await computeCoverage(pool, { ...same, level: 'community', walk: { minutes: 15 } }); // warm-up
const straightCity = await time(3, () => computeCoverage(pool, { ...same, level: 'community' }));
const walkCity = await time(3, () => computeCoverage(pool, { ...same, level: 'community', walk: { minutes: 15 } }));
const pgr = await time(3, () => compoundWalks(pool, { kinds: kinds.kinds, prefix: '', engine: 'pgrouting' }));
const ts = await time(3, () => compoundWalks(pool, { kinds: kinds.kinds, prefix: '', engine: 'dijkstra' }));
let disagree = 0;
for (const [code, s] of ts.last.seconds) if (Math.abs((pgr.last.seconds.get(code) ?? -1) - (s ?? -1)) > 1e-6) disagree++;
const circles = await time(3, () => lifeCircle(pool, { kinds: kinds.kinds, level: 'street', prefix: '' }));
const streetsStraight = await computeCoverage(pool, { ...same, level: 'street' });
const streetsWalk = await computeCoverage(pool, { ...same, level: 'street', walk: { minutes: 15 } });
const walkShare = new Map(streetsWalk.rows.map((r) => [r.code, r.share]));
const differ = streetsStraight.rows
  .map((r) => ({ code: r.code, name: r.name, households: r.households, straight: r.share, walk: walkShare.get(r.code) ?? null }))
  .filter((r) => r.straight !== null && r.walk !== null)
  .sort((a, b) => b.straight! - b.walk! - (a.straight! - a.walk!))
  .slice(0, 8);
const walking = {
  straightCommunityMs: straightCity.ms,
  walkCommunityMs: walkCity.ms,
  ratio: Math.round((walkCity.ms / straightCity.ms) * 100) / 100,
  runs: { straight: straightCity.all, walk: walkCity.all },
  shares: { straight: straightCity.last.totals.share, walk: walkCity.last.totals.share },
  shortestPaths: { pgroutingMs: pgr.ms, dijkstraMs: ts.ms, compounds: ts.last.seconds.size, disagree },
  lifeCircleStreetsMs: circles.ms,
  lifeCircleCity: circles.last.totals,
  differMost: differ,
};
console.log(
  `walking, whole city, community level: straight 1,080 m median ${straightCity.ms} ms, walk 15 min median ${walkCity.ms} ms (${walking.ratio}×; budget ≤ 10×); ` +
    `share ${(straightCity.last.totals.share! * 100).toFixed(1)}% → ${(walkCity.last.totals.share! * 100).toFixed(1)}%`,
);
console.log(`  shortest paths alone: pgRouting ${pgr.ms} ms, TypeScript Dijkstra ${ts.ms} ms; ${disagree} of ${ts.last.seconds.size} compounds differ`);
console.log(
  `  life circles per street: ${circles.ms} ms; city 5/10/15 min: ${[circles.last.totals.share5, circles.last.totals.share10, circles.last.totals.share15].map((v) => `${(v! * 100).toFixed(1)}%`).join(' / ')}`,
);
for (const d of differ)
  console.log(`  ${d.code} ${d.name}: straight ${(d.straight! * 100).toFixed(1)}% vs walk ${(d.walk! * 100).toFixed(1)}% (${d.households} households)`);

mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/planning.json',
  JSON.stringify(
    {
      at: new Date().toISOString(),
      data: size,
      coverage: {
        gridLevelMedianMs: coverageGrid.ms,
        communityLevelMedianMs: coverageCommunity.ms,
        runs: { grid: coverageGrid.all, community: coverageCommunity.all },
      },
      siting,
      hotspots: { medianMs: hot.ms, runs: hot.all },
      walking,
    },
    null,
    2,
  ),
);
await database.close();
