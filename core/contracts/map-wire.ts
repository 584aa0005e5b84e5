/**
 * The incident wire format shared by server and web: little-endian binary columns that deck.gl
 * takes as-is (10 bytes per incident; 1 M incidents ≈ 10.0 MB before gzip).
 *
 *   'PGI1' | u32 count | u32 headerBytes | header JSON (space-padded to 4) |
 *   f32 [lon, lat] × count | u8 [category << 4 | status, month] × count | (weighted) u16 count × count
 *
 * `month` counts from header.monthZero (2018-01 → 0); aggregated rows have category/status byte 255.
 */
export interface IncidentWireHeader {
  categories: string[];
  /** code → [中文, English] */
  categoryNames: Record<string, [string, string]>;
  statuses: string[];
  monthZero: string;
  /** true for public density: each row is a cell-month with a count, not one incident */
  weighted: boolean;
  version: number;
}

export interface IncidentWire {
  header: IncidentWireHeader;
  count: number;
  positions: Float32Array;
  attributes: Uint8Array;
  weights?: Uint16Array;
}

const MAGIC = [0x50, 0x47, 0x49, 0x31]; // PGI1

/**
 * Packs columns into one buffer. `positions` must already be little-endian float32.
 *
 * @example
 * const bytes = encodeIncidentWire(header, new Float32Array([123.4, 41.8]), new Uint8Array([0x17, 24]));
 */
export function encodeIncidentWire(
  header: IncidentWireHeader,
  positions: Uint8Array | Float32Array,
  attributes: Uint8Array,
  weights?: Uint8Array | Uint16Array,
): Uint8Array {
  const count = attributes.length / 2;
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 4) * 4;
  if (padded !== json.length) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padded - json.length));
  const total = 12 + padded + count * 8 + count * 2 + (header.weighted ? count * 2 : 0);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, count, true);
  view.setUint32(8, padded, true);
  out.set(json, 12);
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  out.set(bytes(positions), 12 + padded);
  out.set(attributes, 12 + padded + count * 8);
  if (header.weighted && weights) out.set(bytes(weights), 12 + padded + count * 10);
  return out;
}

/**
 * Reads the columns as views over `buffer` (no copy of the coordinates).
 *
 * @example
 * const { positions, count } = decodeIncidentWire(await res.arrayBuffer());
 */
export function decodeIncidentWire(buffer: ArrayBuffer): IncidentWire {
  const bytes = new Uint8Array(buffer);
  if (MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not an incident wire buffer (magic PGI1 missing)');
  const view = new DataView(buffer);
  const count = view.getUint32(4, true);
  const headerBytes = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerBytes))) as IncidentWireHeader;
  const start = 12 + headerBytes;
  return {
    header,
    count,
    positions: new Float32Array(buffer, start, count * 2),
    attributes: new Uint8Array(buffer, start + count * 8, count * 2),
    ...(header.weighted ? { weights: new Uint16Array(buffer, start + count * 10, count) } : {}),
  };
}
