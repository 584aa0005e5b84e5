import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';
import type { TileSet } from './tiles.ts';

/**
 * A PMTiles v3 archive writer (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): header,
 * gzip-compressed varint directories (root, and leaves when the root would not fit in the first
 * 16 KiB), gzip-compressed JSON metadata, then the tile data in Hilbert (tile id) order — "clustered",
 * so a reader's range requests stay close together. Identical tiles (open country at low zoom) are
 * stored once; consecutive ones become one run-length entry.
 */

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

const HEADER_BYTES = 127;
const ROOT_MAX_BYTES = 16_384 - HEADER_BYTES;
const GZIP = 2;
const MVT = 1;

function varints(values: number[]): Buffer {
  const bytes: number[] = [];
  for (let value of values) {
    // tile ids exceed 2^32 from zoom 16 on: divide instead of shifting
    while (value >= 0x80) {
      bytes.push((value % 0x80) | 0x80);
      value = Math.floor(value / 0x80);
    }
    bytes.push(value);
  }
  return Buffer.from(bytes);
}

/** A directory as the spec lays it out (before compression): ids, run lengths, lengths, offsets. */
function serializeDirectory(entries: Entry[]): Buffer {
  const values = [entries.length];
  let lastId = 0;
  for (const e of entries) {
    values.push(e.tileId - lastId);
    lastId = e.tileId;
  }
  for (const e of entries) values.push(e.runLength);
  for (const e of entries) values.push(e.length);
  entries.forEach((e, i) => {
    const previous = entries[i - 1];
    values.push(i > 0 && previous && e.offset === previous.offset + previous.length ? 0 : e.offset + 1);
  });
  return gzipSync(varints(values));
}

/** The root directory, and the leaves it points to when all entries do not fit the first 16 KiB. */
function buildDirectories(entries: Entry[]): { root: Buffer; leaves: Buffer } {
  const root = serializeDirectory(entries);
  if (root.length <= ROOT_MAX_BYTES) return { root, leaves: Buffer.alloc(0) };
  for (let leafSize = 4096; ; leafSize *= 2) {
    const rootEntries: Entry[] = [];
    const leaves: Buffer[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const leaf = serializeDirectory(entries.slice(i, i + leafSize));
      rootEntries.push({ tileId: entries[i]!.tileId, offset, length: leaf.length, runLength: 0 });
      leaves.push(leaf);
      offset += leaf.length;
    }
    const candidate = serializeDirectory(rootEntries);
    if (candidate.length <= ROOT_MAX_BYTES) return { root: candidate, leaves: Buffer.concat(leaves) };
  }
}

const e7 = (degrees: number) => Math.round(degrees * 1e7);

function header(fields: {
  rootLength: number;
  metadataLength: number;
  leavesLength: number;
  dataLength: number;
  addressed: number;
  entries: number;
  contents: number;
  set: TileSet;
}): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  b.write('PMTiles', 0, 'latin1');
  b.writeUInt8(3, 7);
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + fields.rootLength;
  const leavesOffset = metadataOffset + fields.metadataLength;
  const dataOffset = leavesOffset + fields.leavesLength;
  const u64 = [rootOffset, fields.rootLength, metadataOffset, fields.metadataLength, leavesOffset, fields.leavesLength, dataOffset, fields.dataLength];
  u64.push(fields.addressed, fields.entries, fields.contents);
  u64.forEach((value, i) => b.writeBigUInt64LE(BigInt(value), 8 + i * 8));
  const { set } = fields;
  b.writeUInt8(1, 96); // clustered
  b.writeUInt8(GZIP, 97); // internal compression
  b.writeUInt8(GZIP, 98); // tile compression
  b.writeUInt8(MVT, 99);
  b.writeUInt8(set.minzoom, 100);
  b.writeUInt8(set.maxzoom, 101);
  const [w, s, e, n] = set.bbox;
  [w, s, e, n].forEach((value, i) => b.writeInt32LE(e7(value), 102 + i * 4));
  b.writeUInt8(Math.min(set.maxzoom, 10), 118);
  b.writeInt32LE(e7((w + e) / 2), 119);
  b.writeInt32LE(e7((s + n) / 2), 123);
  return b;
}

/**
 * Writes a tile set as a PMTiles v3 archive.
 *
 * @example
 * await writePmtiles(await collectTiles(database, { area: '210102', maxzoom: 14 }), 'heping.pmtiles');
 */
export async function writePmtiles(set: TileSet, file: string): Promise<void> {
  const sorted = set.tiles.map((tile) => ({ tile, tileId: zxyToTileId(tile.z, tile.x, tile.y) })).sort((a, b) => a.tileId - b.tileId);
  const entries: Entry[] = [];
  const stored = new Map<string, { offset: number; length: number }>();
  const chunks: Buffer[] = [];
  let dataLength = 0;
  for (const { tile, tileId } of sorted) {
    const hash = createHash('sha1').update(tile.data).digest('hex');
    let place = stored.get(hash);
    if (!place) {
      place = { offset: dataLength, length: tile.data.length };
      stored.set(hash, place);
      chunks.push(tile.data);
      dataLength += tile.data.length;
    }
    const last = entries.at(-1);
    if (last && last.offset === place.offset && last.tileId + last.runLength === tileId) last.runLength++;
    else entries.push({ tileId, offset: place.offset, length: place.length, runLength: 1 });
  }
  const { root, leaves } = buildDirectories(entries);
  const metadata = gzipSync(Buffer.from(JSON.stringify(set.metadata)));
  const head = header({
    rootLength: root.length,
    metadataLength: metadata.length,
    leavesLength: leaves.length,
    dataLength,
    addressed: sorted.length,
    entries: entries.length,
    contents: stored.size,
    set,
  });
  await writeFile(file, Buffer.concat([head, root, metadata, leaves, ...chunks]));
}
