/**
 * The demo city end to end: generate the files (cached per scale/seed/incidents under DATA_DIR/demo) and
 * load them through the same importers a real city uses.
 */
import path from 'node:path';
import type { Database } from '../db/client.ts';
import { countDistricts } from '../db/queries/imports.ts';
import { refreshSearchIndex } from '../db/queries/search-index.ts';
import { importFiles, type ImportEntity, type ImportResult } from './importers/index.ts';
import { progressReporter } from './importers/progress.ts';
import { DEFAULT_INCIDENTS, DEMO_FILES, generateCity, readManifest, type DemoScale } from './generator/index.ts';

export { DEFAULT_INCIDENTS, type DemoScale } from './generator/index.ts';

export interface DemoItem {
  entity: ImportEntity;
  file: string;
}

export interface GenerateDemoOptions {
  scale: DemoScale;
  seed?: number;
  /** incidents 2018–2021 (default 150,000 full, 10,000 small) */
  incidents?: number;
  /** output goes to `<dataDir>/demo/<scale>-<seed>-<incidents>/` */
  dataDir: string;
  /** where the boundary package is cached (default `<dataDir>/cache`) */
  cacheDir?: string;
  onProgress?: (step: string) => void;
}

const inFlight = new Map<string, Promise<{ dir: string; items: DemoItem[]; reused: boolean }>>();

/**
 * Generates the demo files, or reuses a complete folder from an earlier run. Deterministic: the same options
 * give byte-identical files.
 *
 * @example
 * const { dir, items } = await generateDemo({ scale: 'small', dataDir: '.data' });
 */
export function generateDemo(options: GenerateDemoOptions): Promise<{ dir: string; items: DemoItem[]; reused: boolean }> {
  const seed = options.seed ?? 1;
  const incidents = options.incidents ?? DEFAULT_INCIDENTS[options.scale];
  const dir = path.resolve(options.dataDir, 'demo', `${options.scale}-${seed}-${incidents}`);
  const items = demoItems(dir);
  if (readManifest(dir)) return Promise.resolve({ dir, items, reused: true });
  // Both test engines prepare at once in one process: share the run instead of racing on the folder.
  let running = inFlight.get(dir);
  if (!running) {
    running = generateCity({
      scale: options.scale, seed, incidents, dir,
      cacheDir: path.resolve(options.cacheDir ?? path.join(options.dataDir, 'cache')),
      onProgress: options.onProgress,
    })
      .then(() => ({ dir, items, reused: false }))
      .finally(() => inFlight.delete(dir));
    inFlight.set(dir, running);
  }
  return running;
}

/** The import items of a generated folder, in foreign-key order. */
export function demoItems(dir: string): DemoItem[] {
  return DEMO_FILES.map(([entity, file]) => ({ entity, file: path.join(dir, file) }));
}

/**
 * Loads a generated demo (folder or items) in one transaction through the importers.
 *
 * @example
 * await loadDemo(database, dir, { onProgress: (entity, done, total) => … });
 */
export async function loadDemo(
  database: Database,
  source: string | DemoItem[],
  options: { onProgress?: (entity: ImportEntity, done: number, total: number) => void; replace?: boolean } = {},
): Promise<ImportResult[]> {
  const items = typeof source === 'string' ? demoItems(source) : source;
  const results = await importFiles(database, items, { onProgress: options.onProgress, replace: options.replace });
  // warm the place search now rather than on the first query (it rebuilds itself when data_versions move)
  await refreshSearchIndex(database);
  return results;
}

/**
 * On an empty database (no districts) generates and loads the demo city with a progress display on stderr;
 * otherwise returns at once. Returns whether it seeded.
 *
 * @example
 * await seedDemoIfEmpty(database, { scale: 'full', dataDir: '.data' });
 */
export async function seedDemoIfEmpty(database: Database, options: { scale: DemoScale; dataDir: string; seed?: number; incidents?: number }): Promise<boolean> {
  if ((await countDistricts(database.pool)) > 0) return false;
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  process.stderr.write(`seeding the ${options.scale} Shenyang demo city (first start only)\n`);
  const { items, reused } = await generateDemo({ ...options, onProgress: (step) => process.stderr.write(`  generating: ${step} (${elapsed()})\n`) });
  process.stderr.write(`  ${reused ? 'reusing generated files' : 'generated'} (${elapsed()}); loading\n`);
  const progress = progressReporter(process.stderr);
  try {
    await loadDemo(database, items, { onProgress: progress.onProgress });
  } finally {
    progress.finish();
  }
  process.stderr.write(`demo city ready in ${elapsed()}\n`);
  return true;
}
