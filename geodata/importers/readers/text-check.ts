import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { Transform, type Readable } from 'node:stream';
import { show } from '../values.ts';
import type { TextEncoding } from './encoding.ts';

/**
 * Bytes that are not valid in the declared encoding used to become U+FFFD and a successful import: GBK
 * names stored as "�����". Readers now find them and the importer stops at the record and field holding
 * them, with the bytes in hex and — when GBK reads them cleanly — what they say in GBK.
 *
 * UTF-8 input stays raw bytes for the CSV parser (the fast path: `isUtf8` per chunk, nothing copied); an
 * invalid sequence is replaced by U+FDD0 (a noncharacter no real file holds) and its bytes remembered in
 * order, so the field's original bytes can be put back together for the message. Other encodings are
 * decoded by the WHATWG decoder, whose U+FFFD then marks a byte it could not decode.
 */
export const utf8Marker = '\uFDD0';
const markerBytes = Buffer.from(utf8Marker);
// Each marker is followed by the number of its sequence as a private-use character (plane 15), so the bytes
// of a value can be recovered whatever order values are checked in.
const sequenceTag = 0xf0000;
const maxTag = 0xfffd - 1;

/** Where bad bytes were replaced, and by which character. */
export interface TextGuard {
  encoding: TextEncoding;
  /** the character that stands for bad bytes in the decoded text */
  marker: string;
  /** how many bad sequences so far (0: every record may skip the check) */
  count: number;
  /** raw bytes of each bad UTF-8 sequence, in file order (the first 65,532) */
  sequences: Buffer[];
}

/** Length of the UTF-8 sequence a lead byte starts (0 for a byte that cannot start one). */
const sequenceLength = (b: number) => (b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0);

/** `bytes` with every maximal invalid UTF-8 subpart replaced by the marker (Unicode §3.9 / WHATWG). */
function repairUtf8(bytes: Buffer, guard: TextGuard): Buffer {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(lead);
    let j = i + 1;
    for (; j < i + length && j < bytes.length; j++) {
      const c = bytes[j]!;
      const lo = j === i + 1 ? (lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80) : 0x80;
      const hi = j === i + 1 ? (lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf) : 0xbf;
      if (c < lo || c > hi) break;
    }
    if (length > 0 && j === i + length) {
      i = j;
      continue;
    }
    const end = Math.max(j, i + 1);
    out.push(bytes.subarray(start, i), markerBytes, Buffer.from(String.fromCodePoint(sequenceTag + Math.min(guard.count, maxTag))));
    if (guard.count <= maxTag) guard.sequences.push(Buffer.from(bytes.subarray(i, end)));
    guard.count++;
    start = i = end;
  }
  out.push(bytes.subarray(start));
  return Buffer.concat(out);
}

/** Bytes at the end of `bytes` that start a UTF-8 sequence the next chunk completes. */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if (b >= 0x80 && b < 0xc0) continue; // continuation byte: look further back for its lead
    const length = sequenceLength(b);
    return length > back ? back : 0;
  }
  return 0;
}

/**
 * A file as a stream of UTF-8 bytes with its bad bytes marked (see above), and the guard that counts them.
 * Line positions are unchanged: every supported encoding keeps \n as the single byte 0x0A.
 *
 * @example
 * const { stream, guard } = checkedUtf8Stream('sites.csv', 'utf-8');
 * stream.pipe(parse()); // later: if (guard.count && field.includes(guard.marker)) → ImportError
 */
export function checkedUtf8Stream(file: string, encoding: TextEncoding): { stream: Readable; guard: TextGuard } {
  const utf8 = encoding === 'utf-8';
  const guard: TextGuard = { encoding, marker: utf8 ? utf8Marker : '\uFFFD', count: 0, sequences: [] };
  const decoder = utf8 ? null : new TextDecoder(encoding);
  let carry: Buffer = Buffer.alloc(0);
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (decoder) {
        const text = decoder.decode(chunk, { stream: true });
        if (text.includes('\uFFFD')) guard.count++;
        return done(null, Buffer.from(text));
      }
      const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = bytes.length - incompleteTail(bytes);
      carry = Buffer.from(bytes.subarray(cut));
      const body = bytes.subarray(0, cut);
      done(null, isUtf8(body) ? body : repairUtf8(body, guard));
    },
    flush(done) {
      if (decoder) {
        const text = decoder.decode();
        if (text.includes('\uFFFD')) guard.count++;
        return done(null, Buffer.from(text));
      }
      done(null, carry.length ? repairUtf8(carry, guard) : undefined);
    },
  });
  const raw = createReadStream(file);
  raw.on('error', (error) => transform.destroy(error));
  return { stream: raw.pipe(transform), guard };
}

/**
 * A whole UTF-8 file as text, bad sequences marked like `checkedUtf8Stream` does (GeoJSON is read whole).
 *
 * @example
 * const { text, guard } = decodeUtf8Checked(await readFile('districts.geojson'));
 */
export function decodeUtf8Checked(bytes: Buffer): { text: string; guard: TextGuard } {
  const guard: TextGuard = { encoding: 'utf-8', marker: utf8Marker, count: 0, sequences: [] };
  return { text: (isUtf8(bytes) ? bytes : repairUtf8(bytes, guard)).toString('utf8'), guard };
}

/**
 * The original bytes of a decoded UTF-8 value whose bad sequences are marked: valid parts re-encoded
 * (UTF-8 round-trips exactly), each marker and its tag replaced by the sequence it stands for.
 *
 * @example
 * if (value.includes(guard.marker)) badBytesReason(originalBytes(value, guard), 'utf-8', '--encoding utf-8');
 */
export function originalBytes(value: string, guard: TextGuard): Buffer {
  const [first = '', ...rest] = value.split(guard.marker);
  const out: Buffer[] = [Buffer.from(first)];
  for (const part of rest) {
    const tag = part.codePointAt(0)! - sequenceTag;
    out.push(guard.sequences[tag] ?? Buffer.alloc(0), Buffer.from(part.slice(2))); // the tag is a surrogate pair
  }
  return Buffer.concat(out);
}

const hex = (bytes: Uint8Array) =>
  [...bytes.subarray(0, 8)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ') + (bytes.length > 8 ? ' …' : '');

/**
 * What is wrong with a value that is not valid in `encoding`, and what would fix it: the bad bytes in
 * hex, where the encoding came from, and the reading in GBK (or UTF-8) when that decodes cleanly.
 *
 * `utf8Only`: the format has no other encoding (GeoJSON), so the fix is converting the file.
 *
 * @example
 * badBytesReason(Buffer.from([0xc9, 0xf2, 0xd1, 0xf4]), 'utf-8', '--encoding')
 * // 'bytes C9 F2 D1 F4 are not valid UTF-8 (--encoding); read as GBK they are "沈阳": the file is GBK — import it with --encoding gbk'
 */
export function badBytesReason(raw: Uint8Array, encoding: TextEncoding, source: string, options: { utf8Only?: boolean } = {}): string {
  const name = encoding === 'utf-8' ? 'UTF-8' : encoding.toUpperCase();
  const bad = encoding === 'utf-8' ? firstBadUtf8(raw) : raw;
  let reason = `bytes ${hex(bad)} are not valid ${name} (${source})`;
  for (const other of ['gbk', 'utf-8'] as const) {
    if (other === encoding) continue;
    try {
      const text = new TextDecoder(other, { fatal: true }).decode(raw);
      const otherName = other === 'gbk' ? 'GBK' : 'UTF-8';
      const fix = options.utf8Only ? `convert it to UTF-8 (e.g. iconv -f ${otherName} -t UTF-8)` : `import it with --encoding ${other}`;
      return `${reason}; read as ${otherName} they are ${show(text)}: the file is ${otherName} — ${fix}`;
    } catch {
      // not that either
    }
  }
  reason += '; neither GBK nor UTF-8 reads them: check the encoding the file was saved in';
  return reason;
}

function firstBadUtf8(raw: Uint8Array): Uint8Array {
  const guard: TextGuard = { encoding: 'utf-8', marker: utf8Marker, count: 0, sequences: [] };
  repairUtf8(Buffer.from(raw), guard);
  const first = guard.sequences[0];
  if (!first) return raw;
  const at = Buffer.from(raw).indexOf(first);
  return raw.subarray(at, at + Math.max(first.length, 4));
}

/**
 * Whether `bytes` are valid in `encoding` (a DBF field, a field name), decoding strictly. With `cutEnd`,
 * a character cut off at the very end is tolerated: DBF writers truncate text to the field width byte
 * by byte, which is their loss of a character, not a wrong encoding.
 *
 * @example
 * isValidText(Buffer.from([0xc9, 0xf2]), 'utf-8') // false
 * isValidText(Buffer.from('沈阳').subarray(0, 4), 'utf-8', true) // true (阳 cut after its first byte)
 */
export function isValidText(bytes: Uint8Array, encoding: TextEncoding, cutEnd = false): boolean {
  if (strictlyDecodes(bytes, encoding)) return true;
  if (!cutEnd) return false;
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0)) end--;
  const cut = encoding === 'utf-8' ? incompleteTail(Buffer.from(bytes.subarray(0, end))) : end > 0 && bytes[end - 1]! >= 0x81 ? 1 : 0;
  return cut > 0 && strictlyDecodes(bytes.subarray(0, end - cut), encoding);
}

function strictlyDecodes(bytes: Uint8Array, encoding: TextEncoding): boolean {
  if (encoding === 'utf-8') return isUtf8(bytes);
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
