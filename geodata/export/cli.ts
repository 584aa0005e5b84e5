import { parseArgs } from 'node:util';
import path from 'node:path';
import { parseEnv } from '../../core/env.ts';
import { migrateDatabase, openDatabase } from '../../db/client.ts';
import { DataDirLockedError } from '../../db/embedded/start.ts';
import { collectTiles, defaultMaxzoom, exportLayers } from './tiles.ts';
import { writeMbtiles } from './mbtiles.ts';
import { writePmtiles } from './pmtiles.ts';

export const exportUsage = `usage: npm run geodata -- export-tiles --format pmtiles|mbtiles [--area CODE] [--maxzoom N] --out FILE

  Writes the vector tiles of ${exportLayers.join(', ')} (zoom 0 to --maxzoom, default ${defaultMaxzoom},
  at most 16) as one PMTiles v3 or MBTiles file that phones, an intranet CDN or QGIS read without the
  server. --area limits it to the bounding box of a district, street, community or grid cell (its code).
  The tiles are the server's own (same SQL and encoder). Serve a .pmtiles file as the map's basemap with
  BASEMAP_PMTILES=FILE, or from any static web server that answers range requests.`;

export interface ExportCommand {
  format: 'pmtiles' | 'mbtiles';
  area?: string;
  maxzoom: number;
  out: string;
}

/** A mistake on the command line (exit code 2). */
export class ExportUsageError extends Error {}

/**
 * Parses the arguments after `export-tiles`; throws ExportUsageError naming the bad one.
 *
 * @example
 * parseExportCommand(['--format', 'pmtiles', '--area', '210102', '--out', 'heping.pmtiles']) // { format: 'pmtiles', area: '210102', maxzoom: 14, out: 'heping.pmtiles' }
 */
export function parseExportCommand(argv: string[]): ExportCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { format: { type: 'string' }, area: { type: 'string' }, maxzoom: { type: 'string' }, out: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ExportUsageError((error as Error).message);
  }
  const { format, area, maxzoom, out } = values;
  if (format !== 'pmtiles' && format !== 'mbtiles') throw new ExportUsageError(`--format must be pmtiles or mbtiles, got "${format ?? ''}"`);
  if (!out) throw new ExportUsageError('--out FILE is required');
  const expected = `.${format}`;
  if (path.extname(out).toLowerCase() !== expected) throw new ExportUsageError(`--out: a ${format} file should end in ${expected}, got "${out}"`);
  if (area !== undefined && !/^(\d{6}|\d{9}|\d{12}|\d{14})$/.test(area))
    throw new ExportUsageError(`--area must be a 6, 9, 12 or 14 digit area code, got "${area}"`);
  const zoom = maxzoom === undefined ? defaultMaxzoom : Number(maxzoom);
  if (!/^\d{1,2}$/.test(maxzoom ?? String(defaultMaxzoom)) || zoom > 16) throw new ExportUsageError(`--maxzoom must be a whole number 0–16, got "${maxzoom}"`);
  return { format, ...(area ? { area } : {}), maxzoom: zoom, out };
}

/**
 * `npm run geodata -- export-tiles …`; returns the exit code (0 done, 1 failed, 2 usage).
 *
 * @example
 * process.exitCode = await runExportTiles(['--format', 'mbtiles', '--maxzoom', '12', '--out', 'city.mbtiles']);
 */
export async function runExportTiles(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${exportUsage}\n`);
    return 0;
  }
  let command: ExportCommand;
  try {
    command = parseExportCommand(argv);
  } catch (error) {
    if (!(error instanceof ExportUsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${exportUsage}\n`);
    return 2;
  }
  const env = parseEnv();
  try {
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS });
    try {
      await migrateDatabase(database);
      const started = performance.now();
      let reported = 0;
      const set = await collectTiles(database, {
        area: command.area,
        maxzoom: command.maxzoom,
        onProgress: (done, total) => {
          if (done === total || performance.now() - reported > 2000) {
            reported = performance.now();
            process.stderr.write(`tiles ${done.toLocaleString('en')}/${total.toLocaleString('en')}\n`);
          }
        },
      });
      await (command.format === 'pmtiles' ? writePmtiles(set, command.out) : writeMbtiles(set, command.out));
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`wrote ${set.tiles.length.toLocaleString('en')} tiles (zoom ${set.minzoom}–${set.maxzoom}) to ${command.out} in ${seconds} s\n`);
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    const message =
      error instanceof DataDirLockedError ? `${error.message}; stop the server first (the embedded database is single-process)` : (error as Error).message;
    process.stderr.write(`error: ${message}\n`);
    return 1;
  }
}
