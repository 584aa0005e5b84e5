/**
 * The full demo city: generation (files, from scratch) and import (through the importers, one transaction)
 * timed separately, on a fresh embedded database and, when DATABASE_URL is set, on a throw-away database on
 * that PostGIS server. Target (issue 2): generation + import on the embedded database ≤ 90 s.
 *
 *   npx tsx bench/demo.ts [--scale full|small] [--incidents 150000] [--runs 3] [--engines embedded,postgis]
 *
 * The boundary package is taken from .data/cache (fetched once). Prints medians and per-entity import times,
 * and writes them to bench/results/demo-<scale>-<incidents>.json.
 */
import { parseArgs } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_INCIDENTS, demoItems, loadDemo, type DemoScale } from '../geodata/demo.ts';
import { generateCity } from '../geodata/generator/index.ts';
import { median, openScratchDatabase } from './support/scratch-database.ts';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'full' },
    incidents: { type: 'string' },
    runs: { type: 'string', default: '3' },
    engines: { type: 'string', default: process.env.DATABASE_URL ? 'embedded,postgis' : 'embedded' },
  },
});
const scale = args.scale as DemoScale;
const incidents = Number(args.incidents ?? DEFAULT_INCIDENTS[scale]);
const runs = Number(args.runs);
const engines = args.engines!.split(',') as ('embedded' | 'postgis')[];
const repo = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = path.join(repo, '.data', 'cache');

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const work = mkdtempSync(path.join(tmpdir(), 'pingan-bench-demo-'));
try {
  console.log(`demo benchmark: scale ${scale}, ${incidents.toLocaleString('en')} incidents, ${runs} run(s), engines ${engines.join(', ')}`);
  const generation: number[] = [];
  const dir = path.join(work, 'demo');
  let counts: Record<string, number> = {};
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    counts = (await generateCity({ scale, seed: 1, incidents, dir, cacheDir })).counts;
    generation.push(performance.now() - started);
    console.log(`  generation run ${run + 1}: ${seconds(generation.at(-1)!)}`);
  }
  const results: Record<string, unknown> = { scale, incidents, runs, counts, generationMs: median(generation) };
  for (const engine of engines) {
    const totals: number[] = [];
    const perEntity: Record<string, number[]> = {};
    for (let run = 0; run < runs; run++) {
      const dbDir = mkdtempSync(path.join(work, `${engine}-`));
      const { database, dispose } = await openScratchDatabase(engine, dbDir, 'demo');
      try {
        const started = performance.now();
        const imported = await loadDemo(database, demoItems(dir));
        totals.push(performance.now() - started);
        for (const r of imported) (perEntity[r.entity] ??= []).push(r.ms);
        console.log(`  ${engine} import run ${run + 1}: ${seconds(totals.at(-1)!)}`);
      } finally {
        await dispose();
        rmSync(dbDir, { recursive: true, force: true });
      }
    }
    const entities = Object.fromEntries(Object.entries(perEntity).map(([e, ms]) => [e, median(ms)]));
    results[engine] = { importMs: median(totals), entities, generationPlusImportMs: median(generation) + median(totals) };
    console.log(
      `${engine}: generation ${seconds(median(generation))} + import ${seconds(median(totals))} = ${seconds(median(generation) + median(totals))} (medians)`,
    );
    console.log(
      `  per entity: ${Object.entries(entities)
        .map(([e, ms]) => `${e} ${seconds(ms)}`)
        .join(', ')}`,
    );
  }
  console.log('counts:', JSON.stringify(counts));
  mkdirSync(path.join(repo, 'bench', 'results'), { recursive: true });
  writeFileSync(path.join(repo, 'bench', 'results', `demo-${scale}-${incidents}.json`), JSON.stringify(results, null, 2) + '\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
