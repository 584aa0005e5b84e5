import { countRowsUpTo, ownsTable, suspendIndexesAndForeignKeys, type Queryable } from '../../db/queries/imports.ts';
import { ImportError, describePosition, type SourcePosition } from './errors.ts';
import { entitySpecs, type ImportEntity } from './entities.ts';
import { toWgs84, type Crs } from './geometry.ts';
import { openReader } from './readers/index.ts';
import { allowedFields, checkHeader, toRow } from './rows.ts';
import { RowBatch, keyDetail, type BatchTarget } from './batch.ts';
import { PlacementFindings, codeMismatch, defaultToleranceM, placementAreas, placementCheck } from './placement.ts';

export interface ImportOptions {
  /** CRS of the source coordinates; converted to WGS-84 (default wgs84) */
  crs?: Crs;
  /** text encoding of a CSV or Shapefile (gbk, utf-8, …); default: declared (.cpg) or sniffed */
  encoding?: string;
  onProgress?: (entity: ImportEntity, done: number, total: number) => void;
  /** empty every domain table first, in the same transaction (a demo reload); default false */
  replace?: boolean;
  /**
   * how far (metres) a row's geometry may lie outside the area its codes name before the import is refused
   * (placement.ts); default 200
   */
  toleranceM?: number;
  /**
   * load through a staging table and merge in short transactions, so incident reports never wait for the
   * import (staged.ts); default: for an incidents file imported on its own into a table that has rows
   */
  staged?: boolean;
}

export interface ImportResult {
  entity: ImportEntity;
  file: string;
  rows: number;
  ms: number;
}

/**
 * Imports one file through `client`, which must already be inside a transaction: nothing here commits, so
 * the caller decides what else belongs to the same all-or-nothing load.
 *
 * @example
 * await withTransaction(database, (client) => importSource(client, 'streets', 'streets.geojson', {}));
 */
export async function importSource(
  client: Queryable,
  entity: ImportEntity,
  file: string,
  options: ImportOptions = {},
  /** a staging table to write to instead of the entity's own (staged.ts) */
  target?: BatchTarget,
): Promise<ImportResult> {
  const started = performance.now();
  const spec = entitySpecs[entity];
  const readerOptions = { entity, columns: spec.columns.map((c) => ({ name: c.name, kind: c.kind })), encoding: options.encoding, crs: options.crs };
  const reader = await openReader(file, readerOptions);
  checkHeader(spec, reader, file);
  const context = {
    file,
    tabular: reader.tabular,
    transform: toWgs84(options.crs),
    allowed: allowedFields(spec, reader.tabular),
    headerChecked: reader.header !== undefined,
  };
  const restore = target ? null : await enterBulkMode(client, spec.table, reader.total);
  const geometryField = reader.tabular ? (spec.geometry === 'Point' ? 'lon' : 'wkt') : 'geometry';
  const toleranceM = options.toleranceM ?? defaultToleranceM;
  const placement = placementCheck(spec, toleranceM);
  const areas = placementAreas[entity];
  const findings = new PlacementFindings(file, toleranceM);
  // Duplicates inside the file are caught here, naming both rows; duplicates of existing rows by the database.
  const seen = spec.unique.map((names) => ({
    names,
    indexes: names.map((n) => spec.columns.findIndex((c) => c.name === n)),
    keys: new Map<string, SourcePosition>(),
  }));

  let total = reader.total;
  let done = 0;
  let reported = '';
  const report = () => {
    if (`${done}/${total}` === reported) return;
    reported = `${done}/${total}`;
    options.onProgress?.(entity, done, total);
  };
  let batch = new RowBatch(spec, geometryField, target);
  // One batch is written while the next is parsed; the same connection queues them in order.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (!batch.size) return;
    const current = batch;
    batch = new RowBatch(spec, geometryField, target);
    await writing;
    writing = current.write(client, file, placement).then((problems) => {
      findings.addBatch(problems, geometryField, (code) => current.positionOf(code));
      done += current.size;
      total = Math.max(total, done);
      report();
    });
    writing.catch(() => {}); // observed by the next flush or the final await
  };

  report();
  try {
    for await (const record of reader.records) {
      const row = toRow(spec, record, context);
      const mismatch = areas && codeMismatch(spec, areas, row);
      if (mismatch) findings.add(row.position, mismatch.field, mismatch.reason);
      for (const unique of seen) {
        let key: string;
        if (unique.indexes.length === 1) {
          const value = row.values[unique.indexes[0]!];
          if (value === null) continue;
          key = String(value);
        } else {
          if (unique.indexes.some((i) => row.values[i] === null)) continue;
          key = unique.indexes.map((i) => String(row.values[i])).join('\u0000');
        }
        const earlier = unique.keys.get(key);
        if (earlier) {
          throw new ImportError({
            file,
            ...row.position,
            field: unique.names[unique.names.length - 1],
            reason: `duplicate ${unique.names.join(' + ')} "${key.replaceAll('\u0000', '", "')}" (also at ${describePosition(earlier)})`,
          });
        }
        unique.keys.set(key, row.position);
      }
      batch.push(row);
      if (batch.full) await flush();
    }
    await flush();
    await writing;
    findings.throwIfAny(); // every misplaced row at once, before the transaction can commit
    for (const step of restore ?? []) {
      try {
        await step();
      } catch (error) {
        throw (await explainRestoreError(error, file, readerOptions)) ?? error;
      }
    }
  } catch (error) {
    // Let the in-flight statement finish before the caller rolls back; its error concerns earlier rows.
    const earlier = await writing.then(
      () => null,
      (writeError: unknown) => writeError,
    );
    throw earlier ?? error;
  }
  total = done; // the CSV line count was an estimate (blank lines, quoted newlines)
  report();
  return { entity, file, rows: done, ms: Math.round(performance.now() - started) };
}

// Below this many rows, maintaining indexes row by row is cheaper than rebuilding them.
const bulkRows = 20_000;

/**
 * For a big load into a table that holds fewer rows than the file (a fresh city, a demo reload), drops the
 * plain indexes and foreign keys for the duration of the file and returns the statements that restore them:
 * building an index once and validating a foreign key with one join is several times cheaper than doing both
 * per row (PGlite: ~590 → ~370 ms CPU per 10,000 incidents). Needs table ownership; the table is locked until
 * the transaction ends.
 */
async function enterBulkMode(client: Queryable, table: string, expectedRows: number): Promise<(() => Promise<void>)[] | null> {
  if (expectedRows < bulkRows) return null;
  // Never on incidents that already hold rows: the dropped indexes lock the table until commit, and phones
  // reporting a case would wait for the whole import (staged.ts is the path for a live city).
  const limit = table === 'incidents' ? 1 : expectedRows;
  if ((await countRowsUpTo(client, table, limit)) >= limit) return null;
  if (!(await ownsTable(client, table))) return null;
  return suspendIndexesAndForeignKeys(client, table);
}

/**
 * A foreign key that fails to come back after a bulk load names a missing parent value but no row: find the
 * first record carrying it by reading the file once more (only on this error path).
 */
async function explainRestoreError(error: unknown, file: string, readerOptions: Parameters<typeof openReader>[1]): Promise<ImportError | null> {
  const db = error as { code?: string; detail?: string };
  const key = db.code === '23503' ? keyDetail.exec(db.detail ?? '') : null;
  if (!key || key[1]!.includes(',')) return null;
  const [, column, value, , parent] = key as unknown as [string, string, string, string, string];
  let position: SourcePosition = {};
  for await (const record of (await openReader(file, readerOptions)).records) {
    const raw = record.properties[column];
    if (raw !== null && raw !== undefined && String(raw) === value) {
      position = record.position;
      break;
    }
  }
  const reason = `${column} "${value}" does not exist in ${parent} (import the parent rows first)`;
  return new ImportError({ file, ...position, field: column, reason, cause: error });
}
