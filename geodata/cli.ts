/**
 * Geodata command line: `npm run geodata -- <command>`, against DATABASE_URL (PostGIS) or the embedded
 * database in DATA_DIR. Exit codes: 0 done, 1 the import/load failed (nothing written), 2 usage error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync } from 'node:fs';
import { parseEnv, type Env } from '../core/env.ts';
import { openDatabase, migrateDatabase, type Database } from '../db/client.ts';
import { DataDirLockedError } from '../db/embedded/start.ts';
import { countDistricts } from '../db/queries/imports.ts';
import { defaultToleranceM, importEntities, importFile, ImportError, type Crs, type ImportEntity } from './importers/index.ts';
import { progressReporter } from './importers/progress.ts';
import { importRoads } from './importers/roads.ts';
import { importPlaces } from './places/import.ts';
import { generateDemo, loadDemo } from './demo.ts';

const crsNames = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'] as const;

export const usage = `usage: npm run geodata -- <command>

  import <entity> <file> [--crs wgs84|cgcs2000|gcj02|bd09|EPSG:<code>] [--encoding gbk|utf-8] [--tolerance <metres>]
      Load one file into a table, in one transaction: GeoJSON (.geojson/.json), CSV (.csv, UTF-8 or GBK as
      Excel saves it), a zipped Shapefile (.zip, or .shp with its sidecar files) or a GeoPackage (.gpkg).
      entity: ${importEntities.join(', ')}, roads (a road network: lines, noded into a routable graph;
              replaces the network in the database), places (named streets, roads, landmarks for the
              map's search: points or lines; existing codes are updated)
      --crs       coordinate system of the coordinates (default: what the .prj / GeoPackage declares, else
                  wgs84); gcj02/bd09 are converted to WGS-84, EPSG:<code> (e.g. EPSG:4499, a CGCS2000
                  Gauss-Krüger zone) is reprojected and overrides a .prj
      --encoding  text encoding of a CSV or Shapefile (default: the .cpg, else detected: UTF-8 or GBK)
      --tolerance how far (metres) a street, community, grid, compound, site or incident may lie outside
                  the area its codes name (default ${defaultToleranceM}); farther rows are listed and nothing is written

  export-tiles --format pmtiles|mbtiles [--area CODE] [--maxzoom N] --out FILE   (details: export-tiles --help)

  demo [--scale small|full] [--seed N] [--incidents N] [--replace]
      Generate the deterministic Shenyang demo city and load it through the importers.
      --scale      full (default) or small (one urban district + one county, for tests)
      --seed       generator seed (default 1)
      --incidents  number of incidents 2018–2021 (default 150,000 full, 10,000 small)
      --replace    clear the existing city first (same transaction as the load)

Database: DATABASE_URL=postgres://… for a PostGIS server, otherwise the embedded database in DATA_DIR (.data).`;

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}

type Command =
  | { name: 'import'; entity: ImportEntity | 'roads' | 'places'; file: string; crs?: Crs; encoding?: string; toleranceM?: number }
  | { name: 'demo'; scale: 'small' | 'full'; seed: number; incidents?: number; replace: boolean }
  | { name: 'help' };

/**
 * Parses the arguments after `npm run geodata --`; throws UsageError naming the bad argument.
 *
 * @example
 * parseCommand(['import', 'sites', 'sites.csv', '--crs', 'gcj02']) // { name: 'import', entity: 'sites', file: 'sites.csv', crs: 'gcj02' }
 */
export function parseCommand(argv: string[]): Command {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') return { name: 'help' };
  const parse = <O extends NonNullable<ParseArgsConfig['options']>>(options: O) => {
    try {
      return parseArgs({ args: rest, options, allowPositionals: true as const, strict: true as const });
    } catch (error) {
      throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
    }
  };
  if (name === 'import') {
    const { values, positionals } = parse({ crs: { type: 'string' }, encoding: { type: 'string' }, tolerance: { type: 'string' } });
    const [entity, file, ...extra] = positionals;
    if (!entity || !file) throw new UsageError('import needs an entity and a file');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (!(importEntities as readonly string[]).includes(entity) && entity !== 'roads' && entity !== 'places')
      throw new UsageError(`unknown entity "${entity}" (expected one of ${[...importEntities, 'roads', 'places'].join(', ')})`);
    // no default here: an absent --crs lets the file's own declaration (.prj, GeoJSON crs member) speak
    const given = values.crs as string | undefined;
    const epsg = /^EPSG:(\d{4,5})$/i.exec(given ?? '');
    const crs = epsg ? `EPSG:${epsg[1]}` : given;
    if (crs !== undefined && !epsg && !(crsNames as readonly string[]).includes(crs))
      throw new UsageError(`unknown --crs "${crs}" (expected ${crsNames.join(', ')} or EPSG:<code>)`);
    const encoding = values.encoding as string | undefined;
    const tolerance = values.tolerance as string | undefined;
    if (tolerance !== undefined && !/^\d+(\.\d+)?$/.test(tolerance)) throw new UsageError(`--tolerance must be a distance in metres ≥ 0, got "${tolerance}"`);
    return {
      name: 'import',
      entity: entity as ImportEntity | 'roads' | 'places',
      file,
      ...(crs ? { crs: crs as Crs } : {}),
      ...(encoding ? { encoding } : {}),
      ...(tolerance !== undefined ? { toleranceM: Number(tolerance) } : {}),
    };
  }
  if (name === 'demo') {
    const { values, positionals } = parse({
      scale: { type: 'string', default: 'full' },
      seed: { type: 'string', default: '1' },
      incidents: { type: 'string' },
      replace: { type: 'boolean', default: false },
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const scale = values.scale as string;
    if (scale !== 'small' && scale !== 'full') throw new UsageError(`unknown --scale "${scale}" (expected small or full)`);
    const count = (flag: string, text: string | undefined) => {
      if (text === undefined) return undefined;
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`--${flag} must be a whole number ≥ 0, got "${text}"`);
      return Number(text);
    };
    return {
      name: 'demo',
      scale,
      seed: count('seed', values.seed as string)!,
      incidents: count('incidents', values.incidents as string | undefined),
      replace: Boolean(values.replace),
    };
  }
  throw new UsageError(`unknown command "${name}" (expected import or demo)`);
}

async function withDatabase<T>(env: Env, run: (database: Database) => Promise<T>): Promise<T> {
  const where = env.DATABASE_URL ? 'PostGIS server (DATABASE_URL)' : `embedded database in ${env.DATA_DIR}`;
  process.stderr.write(`database: ${where}\n`);
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS });
  try {
    await migrateDatabase(database);
    return await run(database);
  } finally {
    await database.close();
  }
}

async function runImport(env: Env, command: Extract<Command, { name: 'import' }>): Promise<void> {
  if (!existsSync(command.file)) throw new ImportError({ file: command.file, reason: 'file not found' });
  await withDatabase(env, async (database) => {
    if (command.entity === 'roads') {
      const roads = await importRoads(database, command.file, { crs: command.crs, encoding: command.encoding });
      process.stdout.write(
        `imported a road network from ${roads.file}: ${roads.features} features noded into ${roads.vertices} vertices and ${roads.edges} edges in ${(roads.ms / 1000).toFixed(1)} s\n`,
      );
      return;
    }
    if (command.entity === 'places') {
      const places = await importPlaces(database, command.file, { crs: command.crs, encoding: command.encoding, toleranceM: command.toleranceM });
      process.stdout.write(`imported ${places.rows.toLocaleString('en')} places from ${places.file} in ${(places.ms / 1000).toFixed(1)} s\n`);
      return;
    }
    const progress = progressReporter(process.stderr);
    try {
      const result = await importFile(database, command.entity, command.file, {
        crs: command.crs,
        encoding: command.encoding,
        toleranceM: command.toleranceM,
        onProgress: progress.onProgress,
      });
      process.stdout.write(`imported ${result.rows.toLocaleString('en')} ${result.entity} from ${result.file} in ${(result.ms / 1000).toFixed(1)} s\n`);
    } finally {
      progress.finish();
    }
  });
}

/** The demo would overwrite a city: refused without --replace (exit 1, nothing touched). */
export class DemoRefused extends Error {}

async function runDemo(env: Env, command: Extract<Command, { name: 'demo' }>): Promise<void> {
  await withDatabase(env, async (database) => {
    const districts = await countDistricts(database.pool);
    if (districts > 0 && !command.replace) {
      throw new DemoRefused(
        `the database already holds a city (${districts} districts); nothing was changed. Add --replace to clear it and load the demo instead.`,
      );
    }
    const started = performance.now();
    const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    const { dir, items, reused } = await generateDemo({
      scale: command.scale,
      seed: command.seed,
      incidents: command.incidents,
      dataDir: env.DATA_DIR,
      onProgress: (step) => process.stderr.write(`generating: ${step} (${elapsed()})\n`),
    });
    process.stderr.write(`${reused ? 'reusing' : 'generated'} ${dir} (${elapsed()}); loading${command.replace ? ' (replacing the existing city)' : ''}\n`);
    const progress = progressReporter(process.stderr);
    let results;
    try {
      results = await loadDemo(database, items, { onProgress: progress.onProgress, replace: command.replace });
    } finally {
      progress.finish();
    }
    const rows = results.reduce((sum, r) => sum + r.rows, 0);
    process.stdout.write(
      `demo city (${command.scale}, seed ${command.seed}) loaded: ${rows.toLocaleString('en')} rows in ${results.length} files, ${elapsed()}\n`,
    );
  });
}

/** Runs one command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'export-tiles') return (await import('./export/cli.ts')).runExportTiles(argv.slice(1));
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (command.name === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  try {
    const env = parseEnv();
    if (command.name === 'import') await runImport(env, command);
    else await runDemo(env, command);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n\n${usage}\n`);
      return 2;
    }
    if (error instanceof DataDirLockedError) {
      // The embedded database serves one process: importing through the running server's connection would
      // hold its only session for the whole load (every request waits), so the answer is to stop it first.
      process.stderr.write(
        `error: ${error.message}\n` +
          `To load data into the embedded database: stop the server (Ctrl+C where \`npm start\` runs, or kill ${error.holder.pid}), ` +
          `run this command again, then start the server. Nothing was written.\n`,
      );
      return 1;
    }
    const known = error instanceof ImportError || error instanceof DemoRefused;
    const message = known ? (error as Error).message : ((error as Error).stack ?? String(error));
    process.stderr.write(`error: ${message}\n${error instanceof ImportError ? 'nothing was written.\n' : ''}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
