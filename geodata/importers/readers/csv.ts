import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { ImportError } from '../errors.ts';
import type { ReaderOptions, SourceReader, SourceRecord } from './types.ts';
import { fileEncoding } from './encoding.ts';
import { badBytesReason, checkedUtf8Stream, originalBytes, type TextGuard } from './text-check.ts';
import { safeName } from '../errors.ts';

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
  const source = options.encoding ? `--encoding ${options.encoding}` : 'detected from the first megabyte';
  const { stream, guard } = checkedUtf8Stream(file, encoding);
  const rows = stream.pipe(parse({ bom: true, relax_column_count: true }));
  // a field holding bytes the encoding cannot decode stops the import there (text-check.ts)
  const checkText = (record: string[], line: number, names?: string[]) => {
    if (!guard.count) return;
    const bad = record.findIndex((value) => value.includes(guard.marker));
    if (bad < 0) return;
    const field = names ? names[bad] : undefined;
    const reason = badTextReason(record[bad]!, guard, source);
    throw new ImportError({ file, line, field, reason: names ? reason : `header column ${bad + 1} ${safeName(record[bad]!)}: ${reason}` });
  };
  const iterator = rows[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let first: IteratorResult<string[]>;
  let names: string[];
  try {
    first = await next(iterator, file, guard, source);
    if (first.done) throw new ImportError({ file, line: 1, reason: 'the file is empty (expected a header row)' });
    checkText(first.value, 1);
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
        const item = await next(iterator, file, guard, source);
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
        checkText(record, start, names);
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

function badTextReason(value: string, guard: TextGuard, source: string): string {
  if (guard.encoding === 'utf-8') return badBytesReason(originalBytes(value, guard), 'utf-8', source);
  const name = guard.encoding.toUpperCase();
  return `holds bytes that are not valid ${name} (${source}, shown as ${JSON.stringify(value.slice(0, 30))}): save the file as UTF-8 or ${name}, or give its encoding with --encoding`;
}

async function next<T>(iterator: AsyncIterator<T>, file: string, guard: TextGuard, source: string): Promise<IteratorResult<T>> {
  try {
    return await iterator.next();
  } catch (error) {
    // csv-parse's errors carry the line (their codes are not all CSV_-prefixed, e.g. INVALID_OPENING_QUOTE)
    const parseError = error as { code?: string; message: string; lines?: number };
    if (typeof parseError.lines !== 'number') throw new ImportError({ file, reason: `cannot read: ${parseError.message}`, cause: error });
    if (guard.count) {
      // Undecodable bytes and a parser that gives up: a binary file, or the wrong encoding. Say that, not the garbage.
      const name = guard.encoding === 'utf-8' ? 'UTF-8' : guard.encoding.toUpperCase();
      const what = parseError.message.replace(/,? value is .*$/s, '');
      const reason = `not a readable CSV: it holds bytes that are not valid ${name} (${source}) and the parser stopped (${what}); is it a text file, saved as UTF-8 or GBK?`;
      throw new ImportError({ file, line: parseError.lines, reason, cause: error });
    }
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
