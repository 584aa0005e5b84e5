import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { ImportError } from '../errors.ts';
import type { ReaderOptions, SourceReader, SourceRecord } from './types.ts';
import { fileEncoding, utf8Stream } from './encoding.ts';

/**
 * Streams a CSV file with a header row: UTF-8 (BOM tolerated) or GBK, sniffed unless `options.encoding` says. Empty cells stay '' (the importer reads them
 * as NULL). Lines are 1-based with the header on line 1; a quoted field spanning lines is reported at the
 * line where its record starts.
 *
 * @example
 * const reader = await openCsv('volunteers.csv');
 * reader.header?.names // ['code', 'name', ...]
 */
export async function openCsv(file: string, options: ReaderOptions = {}): Promise<SourceReader> {
  // Excel saves GBK ("CSV") or UTF-8 with a BOM ("CSV UTF-8"): decoded to UTF-8 before parsing
  let encoding: string;
  try {
    encoding = await fileEncoding(file, options.encoding);
  } catch (error) {
    const system = (error as { code?: string }).code !== undefined;
    throw new ImportError({ file, reason: system ? `cannot read: ${(error as Error).message}` : (error as Error).message, cause: error });
  }
  const total = Math.max(0, (await countLines(file)) - 1);
  const rows = utf8Stream(file, encoding).pipe(parse({ bom: true, relax_column_count: true }));
  const iterator = rows[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let first: IteratorResult<string[]>;
  let names: string[];
  try {
    first = await next(iterator, file);
    if (first.done) throw new ImportError({ file, line: 1, reason: 'the file is empty (expected a header row)' });
    names = first.value.map((name) => name.trim());
    const blank = names.findIndex((name) => name === '');
    if (blank >= 0) throw new ImportError({ file, line: 1, reason: `header column ${blank + 1} has no name` });
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate) throw new ImportError({ file, line: 1, field: duplicate, reason: 'column appears twice in the header' });
  } catch (error) {
    rows.destroy();
    throw error;
  }

  async function* records(): AsyncGenerator<SourceRecord> {
    // Counted here rather than taken from csv-parse, whose count is off for CRLF inside quoted fields.
    let line = 1 + newlines(first.value!);
    try {
      for (;;) {
        const item = await next(iterator, file);
        if (item.done) return;
        const record = item.value;
        line += 1;
        const start = line;
        line += newlines(record);
        if (record.length === 1 && record[0] === '') continue; // blank line
        if (record.length !== names.length) {
          const missing = names.slice(record.length);
          throw new ImportError({
            file,
            line: start,
            field: missing[0],
            reason:
              record.length < names.length
                ? `row has ${record.length} of ${names.length} fields (truncated row?); missing ${missing.join(', ')}`
                : `row has ${record.length} fields but the header has ${names.length}`,
          });
        }
        const properties: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) properties[names[i]!] = record[i];
        yield { position: { line: start }, properties };
      }
    } finally {
      rows.destroy(); // also when the importer stops early at a bad row
    }
  }

  return { tabular: true, header: { names, position: { line: 1 } }, total, records: records() };
}

async function next<T>(iterator: AsyncIterator<T>, file: string): Promise<IteratorResult<T>> {
  try {
    return await iterator.next();
  } catch (error) {
    const parseError = error as { code?: string; message: string; lines?: number };
    if (!parseError.code?.startsWith('CSV_')) throw new ImportError({ file, reason: `cannot read: ${parseError.message}`, cause: error });
    throw new ImportError({ file, line: parseError.lines, reason: `malformed CSV: ${parseError.message}`, cause: error });
  }
}

function newlines(record: string[]): number {
  let count = 0;
  for (const field of record) for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) count++;
  return count;
}

/** Newline count, for the progress total; a fast byte scan, no parsing. */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 10;
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      if (chunk.length) last = chunk[chunk.length - 1]!;
    }
  } catch (error) {
    throw new ImportError({ file, reason: `cannot read: ${(error as Error).message}`, cause: error });
  }
  return last === 10 ? lines : lines + 1;
}
