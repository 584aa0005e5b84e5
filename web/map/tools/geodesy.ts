/** Lengths and areas on the sphere (WGS-84 semi-major axis, as most web maps measure), for the measure tool. */
const R = 6378137;
const rad = (d: number) => (d * Math.PI) / 180;

/**
 * Great-circle length of a path of [lon, lat] points, in metres.
 *
 * @example
 * pathLength([[123.4, 41.8], [123.41, 41.8]]) // ≈ 830 m
 */
export function pathLength(points: [number, number][]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i - 1]!;
    const [x2, y2] = points[i]!;
    const a = Math.sin(rad(y2 - y1) / 2) ** 2 + Math.cos(rad(y1)) * Math.cos(rad(y2)) * Math.sin(rad(x2 - x1) / 2) ** 2;
    total += 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
  }
  return total;
}

/**
 * Area of a polygon ring of [lon, lat] points on the sphere, in square metres (the ring closes itself).
 *
 * @example
 * ringArea([[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01]]) // ≈ 1.24 km² (1,236,000 m²)
 */
export function ringArea(points: [number, number][]): number {
  if (points.length < 3) return 0;
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    const [x2, y2] = points[(i + 1) % points.length]!;
    sum += rad(x2 - x1) * (2 + Math.sin(rad(y1)) + Math.sin(rad(y2)));
  }
  return Math.abs((sum * R * R) / 2);
}

/** "850 m" / "12.35 km" */
export const formatLength = (m: number) => (m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(m < 10_000 ? 2 : 1)} km`);
/** "8,500 m²" / "1.24 km²" */
export const formatArea = (m2: number) => (m2 < 100_000 ? `${Math.round(m2).toLocaleString('zh-CN')} m²` : `${(m2 / 1e6).toFixed(2)} km²`);
