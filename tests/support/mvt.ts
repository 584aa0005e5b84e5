import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { gunzipSync } from 'node:zlib';

/** Decodes an MVT response body (gzip or not; 204 → no layers) into `{ layer: properties[] }`. */
export async function decodeTileResponse(res: Response): Promise<Record<string, Record<string, unknown>[]>> {
  if (res.status === 204) return {};
  let bytes = Buffer.from(await res.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return decodeTile(bytes);
}

export function decodeTile(bytes: Uint8Array): Record<string, Record<string, unknown>[]> {
  const tile = new VectorTile(new PbfReader(bytes));
  return Object.fromEntries(
    Object.entries(tile.layers).map(([name, layer]) => [
      name,
      Array.from({ length: layer.length }, (_, i) => ({ ...layer.feature(i).properties, $type: layer.feature(i).type })),
    ]),
  );
}
