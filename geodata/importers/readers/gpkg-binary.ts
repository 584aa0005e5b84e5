import wkx from 'wkx';

/**
 * GeoPackage geometry blobs (GeoPackage 1.3 §2.1.3): "GP", version, flags, srs_id, an optional
 * envelope, then standard WKB. Pure functions, shared by the importer (read) and the export (write).
 */

const envelopeBytes = [0, 32, 48, 48, 64];

/**
 * The GeoJSON geometry of a GeoPackage blob, or null for an empty geometry.
 *
 * @example
 * decodeGpkgGeometry(encodeGpkgGeometry({ type: 'Point', coordinates: [123.4, 41.8] }, 4326)) // { type: 'Point', … }
 */
export function decodeGpkgGeometry(blob: Uint8Array): { type: string; coordinates: unknown } | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry (no "GP" magic)');
  const flags = blob[3]!;
  if (flags & 0b0010_0000) throw new Error('extended GeoPackage geometry types are not supported');
  if (flags & 0b0001_0000) return null;
  const envelope = envelopeBytes[(flags >> 1) & 0b111];
  if (envelope === undefined) throw new Error('invalid envelope code in the GeoPackage geometry header');
  const damaged = (what: string) => new Error(`damaged geometry: ${what} (a GeoPackage blob of ${blob.length} bytes; re-export the layer)`);
  if (blob.length < 8 + envelope + 5) throw damaged(`too short for its ${envelope}-byte envelope and a WKB geometry`);
  let geometry: ReturnType<typeof wkx.Geometry.parse>;
  try {
    geometry = wkx.Geometry.parse(Buffer.from(blob.buffer, blob.byteOffset + 8 + envelope, blob.length - 8 - envelope));
  } catch (error) {
    // wkx reads past the end of a truncated blob with Buffer methods, whose RangeError ("The value of
    // "offset" is out of range") says nothing about the file
    throw damaged(error instanceof RangeError ? 'the WKB ends before its last coordinate' : `unreadable WKB (${(error as Error).message})`);
  }
  return geometry.toGeoJSON() as { type: string; coordinates: unknown };
}

function bounds(coordinates: unknown, box: number[]): number[] {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') {
    const [x, y] = coordinates as number[];
    return [Math.min(box[0]!, x!), Math.max(box[1]!, x!), Math.min(box[2]!, y!), Math.max(box[3]!, y!)];
  }
  return Array.isArray(coordinates) ? coordinates.reduce((b: number[], c) => bounds(c, b), box) : box;
}

/**
 * A GeoPackage blob (little-endian, with an xy envelope except for points) of a GeoJSON geometry.
 *
 * @example
 * encodeGpkgGeometry({ type: 'Point', coordinates: [123.4, 41.8] }, 4326).subarray(0, 2) // "GP"
 */
export function encodeGpkgGeometry(geometry: { type: string; coordinates: unknown }, srsId: number): Uint8Array {
  const wkb = wkx.Geometry.parseGeoJSON(geometry).toWkb();
  const point = geometry.type === 'Point';
  const header = Buffer.alloc(point ? 8 : 40);
  header.write('GP', 0, 'ascii');
  header[2] = 0;
  header[3] = point ? 0b0000_0001 : 0b0000_0011; // little-endian; envelope code 1 (minx, maxx, miny, maxy)
  header.writeInt32LE(srsId, 4);
  if (!point) {
    const box = bounds(geometry.coordinates, [Infinity, -Infinity, Infinity, -Infinity]);
    box.forEach((value, i) => header.writeDoubleLE(value, 8 + i * 8));
  }
  return new Uint8Array(Buffer.concat([header, wkb]));
}
