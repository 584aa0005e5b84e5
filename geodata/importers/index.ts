import { withTransaction, type Database } from '../../db/client.ts';
import { analyzeTables, clearDomainTables, type Queryable } from '../../db/queries/imports.ts';
import { ImportError } from './errors.ts';
import { entitySpecs, importEntities, type ImportEntity } from './entities.ts';
import { importSource, type ImportOptions, type ImportResult } from './pipeline.ts';
import { importStaged, useStaging } from './staged.ts';

export { importEntities, type ImportEntity } from './entities.ts';
export { ImportError } from './errors.ts';
export { defaultToleranceM } from './placement.ts';
export type { ImportOptions, ImportResult } from './pipeline.ts';
export type { Crs } from './geometry.ts';
export { readers, type ReaderFactory, type SourceReader, type SourceRecord } from './readers/index.ts';

// Bulk loads change the row counts by orders of magnitude; fresh statistics keep the first queries fast.
const analyzeAbove = 1_000;

/**
 * Imports several files in ONE transaction, in the order given (parents before children): either every row
 * of every file is written or, on any error, nothing is and an ImportError names the file, line or feature
 * index, and field. An incidents file on its own into a table that holds rows goes through a staging
 * table instead, so reports keep flowing while it loads (staged.ts; all-or-nothing as well).
 *
 * @example
 * await importFiles(database, [
 *   { entity: 'districts', file: 'out/districts.geojson' },
 *   { entity: 'volunteers', file: 'out/volunteers.csv' },
 * ], { crs: 'gcj02', onProgress: (entity, done, total) => console.log(entity, done, total) });
 */
export async function importFiles(database: Database, items: { entity: ImportEntity; file: string }[], options: ImportOptions = {}): Promise<ImportResult[]> {
  for (const item of items) {
    if (!(importEntities as readonly string[]).includes(item.entity)) {
      throw new ImportError({ file: item.file, reason: `unknown entity "${item.entity}" (expected one of ${importEntities.join(', ')})` });
    }
  }
  if (await useStaging(database, items, options)) return [await importStaged(database, items[0]!.entity, items[0]!.file, options)];
  // One connection for the whole transaction: with PGlite every pool connection shares one session,
  // and awaiting another connection inside the transaction would hang.
  return withTransaction(database, (client) => importInTransaction(client, items, options));
}

/**
 * Imports one file in its own transaction.
 *
 * @example
 * const result = await importFile(database, 'sites', 'sites.csv', { crs: 'bd09' }); // result.rows === 2411
 */
export async function importFile(database: Database, entity: ImportEntity, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const [result] = await importFiles(database, [{ entity, file }], options);
  return result!;
}

/**
 * The body of importFiles for a caller that already holds a transaction on `client` (nothing is committed here).
 *
 * @example
 * await withTransaction(database, (client) => importInTransaction(client, items, {}));
 */
export async function importInTransaction(
  client: Queryable,
  items: { entity: ImportEntity; file: string }[],
  options: ImportOptions = {},
): Promise<ImportResult[]> {
  if (options.replace) await clearDomainTables(client);
  const results: ImportResult[] = [];
  for (const item of items) results.push(await importSource(client, item.entity, item.file, options));
  const loaded = new Set(results.filter((r) => r.rows > analyzeAbove).map((r) => entitySpecs[r.entity].table));
  await analyzeTables(client, [...loaded]);
  return results;
}
