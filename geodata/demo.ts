/**
 * The demo city end to end: generate the files (cached per scale/seed/incidents under DATA_DIR/demo) and
 * load them through the same importers a real city uses.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/client.ts';
import { countDistricts } from '../db/queries/imports.ts';
import { refreshSearchIndex } from '../db/queries/search-index.ts';
import { importFiles, type ImportEntity, type ImportResult } from './importers/index.ts';
import { progressReporter } from './importers/progress.ts';
import { DEFAULT_INCIDENTS, DEMO_FILES, DEMO_PLACES_FILE, generateCity, readManifest, type DemoScale } from './generator/index.ts';
import { DEMO_PLACES_SOURCE } from './generator/places.ts';
import { importPlaces } from './places/import.ts';
import { importRoads } from './importers/roads.ts';
import { DEMO_ROADS_FILE } from './generator/roads.ts';

export { DEFAULT_INCIDENTS, type DemoScale } from './generator/index.ts';

export interface DemoItem {
  entity: ImportEntity;
  file: string;
}

export interface GenerateDemoOptions {
  scale: DemoScale;
  seed?: number;
  /** incidents 2017 … now (default 150,000 full, 10,000 small) */
  incidents?: number;
  /** incidents run up to this moment (to the minute; default: the start of the current hour); same options and `now` → same files */
  now?: Date;
  /** output goes to `<dataDir>/demo/<scale>-<seed>-<incidents>-<now as YYYYMMDDTHHmm, Asia/Shanghai>/` */
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
  // Callers that do not pass now (tests' shared database, benchmarks, the CLI) share one folder per hour
  // instead of generating a city per minute; seeding a server passes its exact start (seedDemoIfEmpty).
  const now = options.now ? new Date(Math.floor(options.now.getTime() / 60_000) * 60_000) : new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const prefix = `${options.scale}-${seed}-${incidents}`;
  const dir = path.resolve(options.dataDir, 'demo', `${prefix}-${minuteStamp(now)}`);
  const items = demoItems(dir);
  if (readManifest(dir)) return Promise.resolve({ dir, items, reused: true });
  // Both test engines prepare at once in one process: share the run instead of racing on the folder.
  let running = inFlight.get(dir);
  if (!running) {
    running = generateCity({
      scale: options.scale,
      seed,
      incidents,
      now,
      dir,
      cacheDir: path.resolve(options.cacheDir ?? path.join(options.dataDir, 'cache')),
      onProgress: options.onProgress,
    })
      .then(() => {
        removeStaleFolders(path.dirname(dir), prefix);
        return { dir, items, reused: false };
      })
      .finally(() => inFlight.delete(dir));
    inFlight.set(dir, running);
  }
  return running;
}

/** `now` as local (Asia/Shanghai) YYYYMMDDTHHmm, the folder-name suffix. */
const minuteStamp = (now: Date) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace(/[-:]/g, '');

/**
 * Every generation has its own `now`, so folders pile up: drop those of the same options untouched for two
 * hours (a run that started on one of them has long finished loading it).
 */
function removeStaleFolders(parent: string, prefix: string) {
  const pattern = new RegExp(`^${prefix}(-\\d{8}T\\d{4})?$`);
  for (const name of readdirSync(parent)) {
    const folder = path.join(parent, name);
    if (!pattern.test(name)) continue;
    try {
      if (statSync(folder).mtimeMs < Date.now() - 2 * 3_600_000) rmSync(folder, { recursive: true, force: true });
    } catch {
      // another process removed it first
    }
  }
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
  // the synthetic street gazetteer (a folder of an older generator has none); replaces only the demo's own rows
  const places = path.join(path.dirname(items[0]!.file), DEMO_PLACES_FILE);
  if (existsSync(places)) await importPlaces(database, places, { replaceSource: DEMO_PLACES_SOURCE, refreshSearch: false });
  // the synthetic walking network (replaces the road network, like `import roads`)
  const roads = path.join(path.dirname(items[0]!.file), DEMO_ROADS_FILE);
  if (existsSync(roads)) await importRoads(database, roads, { origin: 'demo' });
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
export async function seedDemoIfEmpty(
  database: Database,
  options: { scale: DemoScale; dataDir: string; seed?: number; incidents?: number; now?: Date },
): Promise<boolean> {
  if ((await countDistricts(database.pool)) > 0) return false;
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  process.stderr.write(`seeding the ${options.scale} Shenyang demo city (first start only)\n`);
  // the demo lives in the present: incidents run up to this start, today's cases are open (not overdue)
  const { items, reused } = await generateDemo({
    ...options,
    now: options.now ?? new Date(),
    onProgress: (step) => process.stderr.write(`  generating: ${step} (${elapsed()})\n`),
  });
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
