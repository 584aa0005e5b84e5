import gcoord from 'gcoord';

/**
 * Coordinate systems a phone or a Chinese map app may hand us. The database stores WGS-84; GCJ-02
 * (AMap, Tencent) and BD-09 (Baidu) are offset by hundreds of metres and are converted at the edge.
 * Shared by the server (`/api/locate?crs=`) and the field page (AMap navigation links).
 */
export const inputCrs = ['wgs84', 'gcj02', 'bd09'] as const;
export type InputCrs = (typeof inputCrs)[number];

export interface LonLat {
  lon: number;
  lat: number;
}

const system = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/**
 * A position in `crs` as WGS-84 (the inverse offsets iterate in gcoord to well under a metre).
 *
 * @example
 * toWgs84({ lon: 123.4376, lat: 41.8026 }, 'gcj02') // ≈ { lon: 123.4313, lat: 41.8002 }
 */
export function toWgs84(position: LonLat, crs: InputCrs): LonLat {
  if (crs === 'wgs84') return { ...position };
  const [lon, lat] = gcoord.transform([position.lon, position.lat], system[crs], gcoord.WGS84) as [number, number];
  return { lon, lat };
}

/**
 * A WGS-84 position in `crs` (e.g. GCJ-02 for an AMap link).
 *
 * @example
 * fromWgs84({ lon: 123.4313, lat: 41.8002 }, 'gcj02') // ≈ { lon: 123.4376, lat: 41.8026 }
 */
export function fromWgs84(position: LonLat, crs: InputCrs): LonLat {
  if (crs === 'wgs84') return { ...position };
  const [lon, lat] = gcoord.transform([position.lon, position.lat], gcoord.WGS84, system[crs]) as [number, number];
  return { lon, lat };
}

/**
 * Navigation links for a WGS-84 destination: the standard `geo:` URI (RFC 5870, WGS-84, handled by
 * the phone's map app) and an AMap (高德) URI, which expects GCJ-02.
 *
 * @example
 * navigationLinks({ lon: 123.45, lat: 41.8 }, '评理说事点').amap
 * // 'https://uri.amap.com/marker?position=123.456…,41.802…&name=%E8%AF%84…&coordinate=gaode&callnative=1'
 */
export function navigationLinks(destination: LonLat, name: string): { geo: string; amap: string } {
  const gcj = fromWgs84(destination, 'gcj02');
  const fixed = (value: number) => value.toFixed(6);
  return {
    geo: `geo:${fixed(destination.lat)},${fixed(destination.lon)}?q=${fixed(destination.lat)},${fixed(destination.lon)}(${encodeURIComponent(name)})`,
    amap: `https://uri.amap.com/marker?position=${fixed(gcj.lon)},${fixed(gcj.lat)}&name=${encodeURIComponent(name)}&coordinate=gaode&callnative=1`,
  };
}
