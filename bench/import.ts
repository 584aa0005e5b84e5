/**
 * Import throughput on a throw-away database: seeded synthetic files (districts → streets → communities as
 * polygons, volunteers and incidents as CSV points/rows), loaded through the real importers in one transaction.
 *
 *   npx tsx bench/import.ts [--engine embedded|postgis] [--communities 10000] [--volunteers 300000]
 *                           [--incidents 1000000] [--runs 3]
 *   npx tsx bench/import.ts --demo full [--incidents 150000] [--engine …]   (the generated demo city, seed 1)
 *
 * postgis uses DATABASE_URL's server (a temporary database is created and dropped). Prints per-entity medians.
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importFiles, type ImportEntity } from '../geodata/importers/index.ts';
import { generateDemo, DEFAULT_INCIDENTS } from '../geodata/demo.ts';
import { median, openScratchDatabase } from './support/scratch-database.ts';
import { seededRandom as random } from './support/random.ts';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'embedded' },
    communities: { type: 'string', default: '10000' },
    volunteers: { type: 'string', default: '300000' },
    incidents: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    demo: { type: 'string' },
  },
});

async function writeLines(file: string, lines: Iterable<string>) {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(line + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const ring = (x: number, y: number, s: number) => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
/** A full-height strip of the 1°×1° district from x0 to x1 (streets hold whole columns of communities). */
const strip = (x0: number, x1: number) => [
  [x0, 45],
  [x1, 45],
  [x1, 46],
  [x0, 46],
  [x0, 45],
];

async function writeFiles(dir: string) {
  const rnd = random(42);
  const communities = Number(args.communities);
  const streets = Math.max(1, Math.round(communities / 100));
  const side = Math.ceil(Math.sqrt(communities));
  const size = 1 / side; // the district is a 1°×1° square, communities tile it
  // Streets take whole columns of communities, so every community lies inside its street (the importer checks).
  const streetOfColumn = (column: number) => Math.floor((column * streets) / side);
  const firstColumn = (street: number) => Math.ceil((street * side) / streets);
  const seqInStreet = new Map<number, number>();
  const feature = (properties: object, coordinates: number[][]) =>
    JSON.stringify({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [coordinates] } });
  const common = { code_vintage: '2023', synthetic: true, source: 'bench' };
  await writeLines(path.join(dir, 'districts.geojson'), [
    `{"type":"FeatureCollection","features":[${feature({ code: '219901', name: 'bench', parent_code: '219900', ...common }, ring(121, 45, 1))}]}`,
  ]);
  await writeLines(path.join(dir, 'streets.geojson'), [
    '{"type":"FeatureCollection","features":[',
    Array.from({ length: streets }, (_, s) =>
      feature(
        { code: `219901${String(s + 1).padStart(3, '0')}`, name: `街${s}`, parent_code: '219901', kind: 'subdistrict', ...common },
        strip(121 + firstColumn(s) * size, 121 + firstColumn(s + 1) * size),
      ),
    ).join(',\n'),
    ']}',
  ]);
  await writeLines(path.join(dir, 'communities.geojson'), [
    '{"type":"FeatureCollection","features":[',
    Array.from({ length: communities }, (_, c) => {
      const streetIndex = streetOfColumn(c % side);
      const street = `219901${String(streetIndex + 1).padStart(3, '0')}`;
      const seq = (seqInStreet.get(streetIndex) ?? 0) + 1;
      seqInStreet.set(streetIndex, seq);
      // 24-vertex squares, so the polygons are about as detailed as generated boundaries
      const x = 121 + (c % side) * size,
        y = 45 + Math.floor(c / side) * size,
        edge = [];
      for (let k = 0; k < 6; k++) edge.push([x + (size * k) / 6, y]);
      for (let k = 0; k < 6; k++) edge.push([x + size, y + (size * k) / 6]);
      for (let k = 6; k > 0; k--) edge.push([x + (size * k) / 6, y + size]);
      for (let k = 6; k > 0; k--) edge.push([x, y + (size * k) / 6]);
      edge.push([x, y]);
      return feature({ code: `${street}${String(seq).padStart(3, '0')}`, name: `社区${c}`, parent_code: street, kind: 'community', ...common }, edge);
    }).join(',\n'),
    ']}',
  ]);
  await writeLines(
    path.join(dir, 'volunteers.csv'),
    (function* () {
      yield 'code,name,phone,joined_on,synthetic,source';
      for (let v = 0; v < Number(args.volunteers); v++)
        yield `V2199${v},志愿者${v},139${String(Math.floor(rnd() * 1e8)).padStart(8, '0')},2019-0${1 + (v % 9)}-1${v % 9},true,bench`;
    })(),
  );
  const categories = ['dispute', 'theft', 'fraud', 'public_safety', 'environment'];
  await writeLines(
    path.join(dir, 'incidents.csv'),
    (function* () {
      yield 'code,category,status,source,occurred_at,reported_at,closed_at,resolved,synthetic,lon,lat';
      for (let i = 0; i < Number(args.incidents); i++) {
        const t = Date.UTC(2018, 0, 1) + Math.floor(rnd() * 4 * 365 * 86400_000);
        const at = new Date(t).toISOString();
        yield `E2199${i},${categories[i % 5]},closed,grid_worker,${at},${at},${new Date(t + 86400_000).toISOString()},true,true,${(121 + rnd()).toFixed(6)},${(45 + rnd()).toFixed(6)}`;
      }
    })(),
  );
  return ['districts', 'streets', 'communities', 'volunteers', 'incidents'].map((entity) => ({
    entity: entity as ImportEntity,
    file: path.join(dir, `${entity}.${entity === 'volunteers' || entity === 'incidents' ? 'csv' : 'geojson'}`),
  }));
}

const dir = mkdtempSync(path.join(tmpdir(), 'pingan-bench-'));
try {
  const scale = args.demo as 'small' | 'full' | undefined;
  // the demo files are cached under .data/demo like the tests' (generation is not part of the timing)
  const items = scale
    ? (await generateDemo({ scale, dataDir: '.data', incidents: process.argv.includes('--incidents') ? Number(args.incidents) : DEFAULT_INCIDENTS[scale] }))
        .items
    : await writeFiles(dir);
  const { database, dispose } = await openScratchDatabase(args.engine as 'embedded' | 'postgis', dir, 'import');
  try {
    const timings: Record<string, { rows: number; ms: number[] }> = {};
    const totals: number[] = [];
    const cpus: number[] = [];
    for (let run = 0; run < Number(args.runs); run++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const results = await importFiles(database, items, { replace: true });
      totals.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / 1000);
      for (const r of results) (timings[r.entity] ??= { rows: r.rows, ms: [] }).ms.push(r.ms);
      console.log(`run ${run + 1}: ${Math.round(totals.at(-1)!)} ms wall, ${Math.round(cpus.at(-1)!)} ms CPU of this process`);
    }
    console.log(`\n${args.engine}${scale ? `, ${scale} demo` : ''}, median of ${args.runs} runs (one transaction, replace=true):`);
    for (const [entity, t] of Object.entries(timings)) {
      const ms = median(t.ms);
      console.log(
        `  ${entity.padEnd(12)} ${String(t.rows).padStart(8)} rows  ${String(ms).padStart(6)} ms  ${Math.round((t.rows / ms) * 1000).toLocaleString('en')} rows/s`,
      );
    }
    const rows = Object.values(timings).reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `  total        ${String(rows).padStart(8)} rows  ${String(Math.round(median(totals))).padStart(6)} ms  ${Math.round((rows / median(totals)) * 1000).toLocaleString('en')} rows/s (incl. TRUNCATE, index rebuilds, ANALYZE, COMMIT)`,
    );
    // embedded: the process runs both the importer and PGlite, so CPU time is the load's whole cost even on a busy machine
    console.log(`  CPU time of this process: ${Math.round(median(cpus))} ms; load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);
  } finally {
    await dispose();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
