import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import * as shapefile from 'shapefile';
import { ImportError } from '../errors.ts';
import type { SourceReader, SourceRecord } from './types.ts';
import { detectEncoding, encodingLabel } from './encoding.ts';
import { badBytesReason, isValidText } from './text-check.ts';
import { columnForField, normalizeValue, type ReaderOptions } from './options.ts';

/** The files of one Shapefile: geometry, attributes, and the optional .prj (CRS) and .cpg (encoding). */
interface ShapefileParts {
  name: string;
  shp: Uint8Array;
  dbf?: Uint8Array;
  prj?: string;
  cpg?: string;
}

const sidecar = (files: string[], base: string, ext: string) => files.find((f) => f.toLowerCase() === `${base}.${ext}`.toLowerCase());

async function fromZip(file: string, entity: string | undefined): Promise<ShapefileParts> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(await readFile(file));
  } catch (error) {
    throw new ImportError({ file, reason: `not a readable zip: ${(error as Error).message}`, cause: error });
  }
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir && !n.startsWith('__MACOSX/'));
  const shps = names.filter((n) => n.toLowerCase().endsWith('.shp'));
  const base = (n: string) => n.slice(0, -4);
  const chosen = shps.length === 1 ? shps[0] : shps.find((n) => path.basename(base(n)).toLowerCase() === entity?.toLowerCase());
  if (!chosen) {
    throw new ImportError({
      file,
      reason: shps.length
        ? `the zip holds several shapefiles (${shps.join(', ')}); name one ${entity ?? '<entity>'}.shp or zip one per file`
        : 'the zip holds no .shp file',
    });
  }
  const read = (ext: string) => {
    const entry = sidecar(names, base(chosen), ext);
    return entry ? zip.files[entry]! : undefined;
  };
  return {
    name: chosen,
    shp: await zip.files[chosen]!.async('uint8array'),
    dbf: await read('dbf')?.async('uint8array'),
    prj: await read('prj')?.async('string'),
    cpg: await read('cpg')?.async('string'),
  };
}

async function fromFolder(file: string): Promise<ShapefileParts> {
  const dir = path.dirname(file);
  const files = await readdir(dir);
  const base = path.basename(file).slice(0, -4);
  const read = async (ext: string) => {
    const name = sidecar(files, base, ext);
    return name ? readFile(path.join(dir, name)) : undefined;
  };
  const shp = await read('shp');
  if (!shp) throw new ImportError({ file, reason: 'file not found' });
  return { name: path.basename(file), shp, dbf: await read('dbf'), prj: (await read('prj'))?.toString('utf8'), cpg: (await read('cpg'))?.toString('utf8') };
}

/**
 * DBF header: record count, field names (raw bytes; decoded with the file's encoding), and where each
 * field's bytes sit in a record (to check text fields byte for byte).
 */
function dbfHeader(dbf: Uint8Array) {
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const fields: Uint8Array[] = [];
  const layout: { type: string; offset: number; length: number }[] = [];
  let offset = 1; // each record starts with its deletion flag
  for (let at = 32; at + 32 <= dbf.length && dbf[at] !== 0x0d; at += 32) {
    const raw = dbf.subarray(at, at + 11);
    fields.push(raw.subarray(0, raw.indexOf(0) < 0 ? 11 : raw.indexOf(0)));
    layout.push({ type: String.fromCharCode(dbf[at + 11]!), offset, length: dbf[at + 16]! });
    offset += dbf[at + 16]!;
  }
  return { count: view.getUint32(4, true), fields, layout, dataStart: view.getUint16(8, true), recordLength: view.getUint16(10, true), ldid: dbf[29] ?? 0 };
}

/** The first text field of record `index` whose bytes `encoding` cannot decode, or -1. */
function badTextField(dbf: Uint8Array, header: ReturnType<typeof dbfHeader>, index: number, encoding: string): { field: number; raw: Uint8Array } | null {
  const start = header.dataStart + index * header.recordLength;
  for (let f = 0; f < header.layout.length; f++) {
    const { type, offset, length } = header.layout[f]!;
    if (type !== 'C') continue;
    const raw = dbf.subarray(start + offset, start + offset + length);
    if (isValidText(raw, encoding, true)) continue;
    let end = raw.length;
    while (end > 0 && (raw[end - 1] === 0x20 || raw[end - 1] === 0)) end--; // the field's padding
    return { field: f, raw: raw.subarray(0, end) };
  }
  return null;
}

// DBF language driver ids of Chinese code pages (what ArcGIS writes when there is no .cpg)
const ldidEncodings: Record<number, string> = { 0x4d: 'gbk', 0x7a: 'gbk', 0x78: 'big5', 0x4f: 'big5' };

/**
 * Reads a Shapefile, zipped (`.zip` with .shp/.shx/.dbf and optionally .prj/.cpg) or as `.shp` with
 * its sidecar files beside it. Attributes are decoded per `--encoding`, else the `.cpg`, else the DBF
 * language driver, else by sniffing (valid UTF-8 or GBK); the `.prj` is the declared CRS. DBF field
 * names (10 characters at most) are matched to the entity's columns.
 *
 * @example
 * const reader = await openShapefile('grids.zip', { entity: 'grid_cells', columns });
 * reader.crs // the .prj WKT, e.g. PROJCS["CGCS2000_3_Degree_GK_Zone_41", …]
 */
export async function openShapefile(file: string, options: ReaderOptions = {}): Promise<SourceReader> {
  const parts = file.toLowerCase().endsWith('.zip') ? await fromZip(file, options.entity) : await fromFolder(file);
  if (!parts.dbf) throw new ImportError({ file, reason: `${parts.name} has no .dbf beside it (the attributes)` });
  const header = dbfHeader(parts.dbf);
  const declared = options.encoding ?? parts.cpg?.trim();
  const encoding = (declared && encodingLabel(declared)) ?? ldidEncodings[header.ldid] ?? detectEncoding(parts.dbf.subarray(header.dataStart));
  if (declared && !encodingLabel(declared)) throw new ImportError({ file, reason: `unknown text encoding "${declared}" (.cpg or --encoding)` });
  const decoder = new TextDecoder(encoding);
  const encodingSource = options.encoding
    ? `--encoding ${options.encoding}`
    : parts.cpg?.trim()
      ? `the .cpg says "${parts.cpg.trim().slice(0, 20)}"`
      : ldidEncodings[header.ldid]
        ? 'the DBF language driver'
        : 'detected';
  const badName = header.fields.findIndex((raw) => !isValidText(raw, encoding));
  if (badName >= 0) {
    throw new ImportError({ file, reason: `DBF column ${badName + 1}: its name's ${badBytesReason(header.fields[badName]!, encoding, encodingSource)}` });
  }
  // Every text field is checked strictly only when the records as a whole do not decode (the usual case is one pass).
  const textSuspect = !isValidText(parts.dbf.subarray(header.dataStart, header.dataStart + header.count * header.recordLength), encoding);
  const fieldNames = header.fields.map((raw) => decoder.decode(raw));
  const names = fieldNames.map((name) => columnForField(name, options.columns));
  const kinds = new Map(options.columns?.map((c) => [c.name, c.kind]));

  let source: Awaited<ReturnType<typeof shapefile.open>>;
  try {
    source = await shapefile.open(parts.shp, parts.dbf, { encoding });
  } catch (error) {
    throw new ImportError({ file, reason: `not a readable shapefile: ${(error as Error).message}`, cause: error });
  }

  async function* records(): AsyncGenerator<SourceRecord> {
    for (let featureIndex = 0; ; featureIndex++) {
      let next: Awaited<ReturnType<typeof source.read>>;
      try {
        next = await source.read();
      } catch (error) {
        throw new ImportError({ file, featureIndex, reason: `cannot read the shape: ${(error as Error).message}`, cause: error });
      }
      if (next.done) return;
      const bad = textSuspect ? badTextField(parts.dbf!, header, featureIndex, encoding) : null;
      if (bad) throw new ImportError({ file, featureIndex, field: names[bad.field], reason: badBytesReason(bad.raw, encoding, encodingSource) });
      const raw = (next.value.properties ?? {}) as Record<string, unknown>;
      const properties: Record<string, unknown> = {};
      fieldNames.forEach((field, i) => (properties[names[i]!] = normalizeValue(raw[field], kinds.get(names[i]!))));
      yield { position: { featureIndex }, properties, geometry: next.value.geometry };
    }
  }

  return { tabular: false, header: { names, position: {} }, total: header.count, records: records(), crs: parts.prj?.trim() || undefined };
}
