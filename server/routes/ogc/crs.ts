/**
 * Coordinate reference systems of the OGC API (Part 2, CRS by reference). Data are stored in WGS-84
 * lon/lat; CGCS2000 (EPSG:4490) agrees with it to centimetres at city scale, so it is served from the
 * same coordinates. EPSG:4326 and EPSG:4490 are lat/lon by their EPSG axis order (Part 2 says to
 * honour it); CRS84 is lon/lat; EPSG:3857 is spherical Web Mercator in metres. Pure functions.
 */

export const crs84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const epsg = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;

export type Position = [number, number];

interface CrsInfo {
  uri: string;
  /** stored lon/lat → this CRS's axis order and units */
  fromLonLat: (p: Position) => Position;
  /** this CRS → lon/lat */
  toLonLat: (p: Position) => Position;
  /** decimals kept in output */
  decimals: number;
}

const radius = 6378137;
const maxLat = 85.0511287798066;

/**
 * Spherical Web Mercator (EPSG:3857) of a lon/lat position, in metres.
 *
 * @example
 * webMercator([123.4, 41.8]) // ≈ [13736966.5, 5131034.3]
 */
export function webMercator([lon, lat]: Position): Position {
  const clamped = Math.max(-maxLat, Math.min(maxLat, lat));
  return [(radius * lon * Math.PI) / 180, radius * Math.log(Math.tan(Math.PI / 4 + (clamped * Math.PI) / 360))];
}

/**
 * Inverse of `webMercator`.
 *
 * @example
 * fromWebMercator([13736966.5, 5131034.3]) // ≈ [123.4, 41.8]
 */
export function fromWebMercator([x, y]: Position): Position {
  return [(x / radius) * (180 / Math.PI), (2 * Math.atan(Math.exp(y / radius)) - Math.PI / 2) * (180 / Math.PI)];
}

const swap = ([a, b]: Position): Position => [b, a];
const same = (p: Position): Position => p;

export const supportedCrs: Record<string, CrsInfo> = {
  [crs84]: { uri: crs84, fromLonLat: same, toLonLat: same, decimals: 7 },
  [epsg(4326)]: { uri: epsg(4326), fromLonLat: swap, toLonLat: swap, decimals: 7 },
  [epsg(4490)]: { uri: epsg(4490), fromLonLat: swap, toLonLat: swap, decimals: 7 },
  [epsg(3857)]: { uri: epsg(3857), fromLonLat: webMercator, toLonLat: fromWebMercator, decimals: 2 },
};
export const crsList = Object.keys(supportedCrs);

// Short forms clients also send: EPSG:4326, urn:ogc:def:crs:EPSG::4326, [EPSG:4326] (safe CURIE)
const shortForm = /^\[?(?:EPSG:|urn:ogc:def:crs:EPSG:[0-9.]*:)(\d+)\]?$/i;
const crs84Form = /^(?:urn:ogc:def:crs:OGC:1\.3:CRS84|\[?OGC:CRS84\]?|CRS84)$/i;

/**
 * The CRS named by a `crs` / `bbox-crs` parameter (URI, EPSG:n, URN or safe CURIE), or undefined.
 *
 * @example
 * findCrs('EPSG:3857')?.uri // 'http://www.opengis.net/def/crs/EPSG/0/3857'
 */
export function findCrs(name: string): CrsInfo | undefined {
  const text = name.trim().replace(/^https:/, 'http:');
  if (supportedCrs[text]) return supportedCrs[text];
  if (crs84Form.test(text)) return supportedCrs[crs84];
  const code = shortForm.exec(text)?.[1];
  return code ? supportedCrs[epsg(Number(code))] : undefined;
}

const round = (value: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

/** A GeoJSON geometry in lon/lat, converted to `crs` (positions only; the structure is kept). */
export function geometryTo<T>(geometry: T, crs: CrsInfo): T {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      const [x, y] = crs.fromLonLat([value[0] as number, value[1] as number]);
      return [round(x, crs.decimals), round(y, crs.decimals)];
    }
    return Array.isArray(value) ? value.map(walk) : value;
  };
  if (geometry === null || typeof geometry !== 'object') return geometry;
  const g = geometry as unknown as { type: string; coordinates?: unknown; geometries?: unknown[] };
  if (g.geometries) return { ...g, geometries: g.geometries.map((part) => geometryTo(part, crs)) } as T;
  return { ...g, coordinates: walk(g.coordinates) } as T;
}

/**
 * A bbox given in `crs` as [minLon, minLat, maxLon, maxLat] in lon/lat. For the lat/lon CRSs the
 * numbers come as minLat, minLon, maxLat, maxLon; Web Mercator maps rectangles to rectangles.
 *
 * @example
 * bboxToLonLat([41, 123, 42, 124], findCrs('EPSG:4326')!) // [123, 41, 124, 42]
 */
export function bboxToLonLat(bbox: [number, number, number, number], crs: CrsInfo): [number, number, number, number] {
  const [x1, y1] = crs.toLonLat([bbox[0], bbox[1]]);
  const [x2, y2] = crs.toLonLat([bbox[2], bbox[3]]);
  return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}
