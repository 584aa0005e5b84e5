import type { Database } from '../../db/client.ts';
import { analyzeTables, countRowsUpTo, type Queryable } from '../../db/queries/imports.ts';
import { createStage, dropOldStages, dropStage, firstStageConflict, moveStagedRows, stageSize, unmoveStagedRows } from '../../db/queries/import-staging.ts';
import { ImportError } from './errors.ts';
import { entitySpecs, type ImportEntity } from './entities.ts';
import { importSource, type ImportOptions, type ImportResult } from './pipeline.ts';

/**
 * Importing incidents into a live city. In one transaction, a large import made phones wait: on PostGIS
 * behind the bulk path's table lock and, with or without it, behind the `data_versions` row the incidents
 * statement trigger updates (held until commit); on the embedded engine behind the transaction itself
 * (PGlite has one session, so other connections wait until it ends). Reports hung ~5.5 s.
 *
 * Here every statement is its own short transaction: the file goes through every importer check into a
 * private staging table (batches of 2,000 rows); the database's own checks (unique values already in the
 * table, foreign keys) run on the staged rows; only then do rows move, 2,500 per statement, in file order.
 * A report waits at most for one such statement (tens of ms on PostGIS, a few tenths of a second on PGlite).
 *
 * All or nothing still holds for everything the data can cause: every check runs before the first row
 * moves. A move that fails anyway (the database goes away, a report takes an idempotency key in the same
 * instant) deletes the rows moved so far before the error is thrown. Only a kill -9 during the move
 * leaves part of the file in the table; its staging table `import_stage_incidents_…` (dropped by imports a
 * day later) lists the rows: `DELETE FROM incidents WHERE code IN (SELECT code FROM import_stage_…)`.
 */

// Each is one statement a report may wait behind: ~0.1–0.3 s on PGlite, a few tens of ms on PostGIS.
const stageBatchRows = 2_000;
const moveChunkRows = 2_500;
const checkChunkRows = 10_000;
const keepStagesMs = 24 * 3600_000;

/**
 * Whether `importFiles` takes the staged path: an incidents file on its own, no `replace`, into a table
 * that already holds rows (a first load keeps the faster one-transaction path); `options.staged` overrides.
 *
 * @example
 * if (await useStaging(database, items, options)) return [await importStaged(database, 'incidents', file, options)];
 */
export async function useStaging(database: Database, items: { entity: ImportEntity }[], options: ImportOptions): Promise<boolean> {
  if (items.length !== 1 || items[0]!.entity !== 'incidents' || options.replace) return false;
  if (options.staged !== undefined) return options.staged;
  return (await countRowsUpTo(database.pool, 'incidents', 1)) > 0;
}

/**
 * Imports one file through a staging table (see above). Throws ImportError naming the file, position and
 * field, with nothing of the file left in the target table.
 *
 * @example
 * const result = await importStaged(database, 'incidents', 'cases-2024.csv', { toleranceM: 200 });
 */
export async function importStaged(database: Database, entity: ImportEntity, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const started = performance.now();
  const spec = entitySpecs[entity];
  const client = await database.pool.connect();
  let stage: string | undefined;
  let keepStage = false;
  let broken: Error | undefined;
  try {
    await dropOldStages(client, keepStagesMs);
    stage = await createStage(client, spec.table);
    const staged = await importSource(client, entity, file, options, { table: stage, maxRows: stageBatchRows });
    const total = await stageSize(client, stage);
    let conflict = null;
    for (let after = 0; after < total && !conflict; after += checkChunkRows) {
      conflict = await firstStageConflict(client, stage, spec.table, { after, size: checkChunkRows });
    }
    if (conflict) {
      const position = { line: conflict.line ?? undefined, featureIndex: conflict.featureIndex ?? undefined };
      const reason =
        conflict.kind === 'exists'
          ? `${conflict.columns.join(' + ')} "${conflict.value}" already exists in ${spec.table} (a row loaded before this import)`
          : `${conflict.column} "${conflict.value}" does not exist in ${conflict.parent} (import the parent rows first)`;
      throw new ImportError({ file, ...position, field: conflict.column, reason });
    }
    const columns = [...spec.columns.map((c) => c.name), ...(spec.geometry ? ['geom'] : [])];
    let moved = 0;
    for (let after = 0; after < total; after += moveChunkRows) {
      try {
        moved += await moveStagedRows(client, stage, spec.table, columns, after, moveChunkRows);
      } catch (error) {
        if (await undo(client, stage, spec.table, after)) {
          throw new ImportError({
            file,
            reason: `moving the checked rows into ${spec.table} failed, so none were kept: ${(error as Error).message}`,
            cause: error,
          });
        }
        keepStage = true;
        const remove = `DELETE FROM ${spec.table} WHERE code IN (SELECT code FROM ${stage} WHERE import_row <= ${after})`;
        throw new ImportError({
          file,
          reason: `moving the checked rows into ${spec.table} failed after ${after} rows (${(error as Error).message}), and they could not be removed again; remove them with: ${remove}`,
          cause: error,
        });
      }
    }
    // Fresh statistics on PostGIS, where ANALYZE takes no lock that inserts wait for. Not on the embedded
    // engine: there it holds the one session for seconds (2.2 s for 70,000 incidents on a busy machine), and
    // the table was analysed when first loaded — row counts scale with its size, and the newest values are
    // read from the indexes, so the planner stays close enough.
    if (moved > 1_000 && database.mode === 'postgis') await analyzeTables(client, [spec.table]);
    return { entity, file, rows: staged.rows, ms: Math.round(performance.now() - started) };
  } catch (error) {
    if (!(error instanceof ImportError) && isConnectionError(error)) broken = error as Error;
    throw error;
  } finally {
    if (stage && !broken && !keepStage) await dropStage(client, stage).catch(() => {});
    client.release(broken);
  }
}

/** Deletes the rows moved before chunk `after` failed; false when even that fails (the database is gone). */
async function undo(client: Queryable, stage: string, table: string, after: number): Promise<boolean> {
  if (after === 0) return true;
  try {
    await unmoveStagedRows(client, stage, table, 'code', after);
    return true;
  } catch {
    return false;
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return /^(ECONN|EPIPE|ETIMEDOUT|57P|08)/.test(code) || /Connection terminated/i.test((error as Error).message ?? '');
}
