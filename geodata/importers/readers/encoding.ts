import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';

/**
 * Text encodings of imported files. Chinese Excel saves "CSV" in the system code page (GBK, cp936)
 * and "CSV UTF-8" with a byte-order mark; Shapefile attributes are in whatever the `.cpg` says (or
 * the DBF's language driver byte). Decoding uses the WHATWG decoders built into Node ('gbk' is
 * GB18030's superset-compatible decoder).
 */

export type TextEncoding = string;

/**
 * A `.cpg` / `--encoding` label as a TextDecoder label; undefined when it is not one.
 *
 * @example
 * encodingLabel('936') // 'gbk'
 * encodingLabel('UTF-8') // 'utf-8'
 */
export function encodingLabel(label: string): TextEncoding | undefined {
  const text = label
    .trim()
    .toLowerCase()
    .replace(/^ansi\s+|^cp|^windows-?(?=936$)/, '');
  if (['utf8', 'utf-8', '65001'].includes(text)) return 'utf-8';
  if (['936', 'gbk', 'gb2312', 'gb18030', 'cp936', 'euc-cn', 'chinese'].includes(text)) return 'gbk';
  if (['950', 'big5'].includes(text)) return 'big5';
  if (['1252', 'latin1', '88591', '8859_1', 'iso-8859-1'].includes(text)) return 'windows-1252';
  try {
    return new TextDecoder(text).encoding;
  } catch {
    return undefined;
  }
}

/**
 * Guesses the encoding of a file's first bytes: a UTF-8 byte-order mark or valid UTF-8 → utf-8,
 * otherwise gbk (the Chinese Windows code page). A multi-byte character cut at the end of the
 * sample does not count as invalid.
 *
 * @example
 * detectEncoding(Buffer.from([0xc9, 0xf2, 0xd1, 0xf4])) // 'gbk' (沈阳 in GBK)
 */
export function detectEncoding(sample: Uint8Array): 'utf-8' | 'gbk' {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

/** The first `bytes` of a file. */
export async function head(file: string, bytes = 1 << 20): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(file, { start: 0, end: bytes - 1 }) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
  }
  return new Uint8Array(Buffer.concat(chunks, size));
}

/**
 * A file as a stream of UTF-8 bytes: passed through for utf-8, decoded and re-encoded otherwise.
 * Line positions are unchanged (every supported encoding keeps \n as the single byte 0x0A).
 *
 * @example
 * createReadStream('x.csv') → utf8Stream('x.csv', 'gbk').pipe(parse())
 */
export function utf8Stream(file: string, encoding: TextEncoding = 'utf-8'): Readable {
  const raw = createReadStream(file);
  if (encoding === 'utf-8') return raw;
  const decoder = new TextDecoder(encoding);
  const transcode = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true })));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode()));
    },
  });
  raw.on('error', (error) => transcode.destroy(error));
  return raw.pipe(transcode);
}

/**
 * The encoding to read a text file with: the declared label (`--encoding`), else sniffed from its
 * first megabyte. Throws for a label that is no encoding.
 *
 * @example
 * await fileEncoding('excel.csv') // 'gbk' for a file saved as "CSV (逗号分隔)" on Chinese Windows
 */
export async function fileEncoding(file: string, declared?: string): Promise<TextEncoding> {
  if (declared) {
    const label = encodingLabel(declared);
    if (!label) throw new Error(`unknown text encoding "${declared}" (e.g. gbk, utf-8)`);
    return label;
  }
  return detectEncoding(await head(file));
}
