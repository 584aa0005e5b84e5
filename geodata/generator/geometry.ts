/**
 * Pure polygon helpers on integer micro-degree coordinates (1e-6°, ~0.1 m). Every generated vertex is
 * snapped to this lattice, so neighbouring cells share bit-identical edges: unions are computed by
 * cancelling shared edges (exact, no floating-point clipping), and children nest exactly in parents.
 * Dependency-free; golden tests in tests/unit/generator-geometry.test.ts.
 */
export type Point = [number, number];
/** open ring (no repeated closing vertex); outer rings counter-clockwise, holes clockwise */
export type Ring = Point[];
export type Polygon = Ring[];
export type MultiPolygon = Polygon[];

export const SCALE = 1e6;

/**
 * Twice the signed area (positive = counter-clockwise), computed relative to the first vertex so that
 * micro-degree products stay exact.
 *
 * @example
 * ringArea2([[0, 0], [2, 0], [2, 2], [0, 2]]) // 8
 */
export function ringArea2(ring: Ring): number {
  const [x0, y0] = ring[0];
  let sum = 0;
  for (let i = 1; i + 1 < ring.length; i++) {
    sum += (ring[i][0] - x0) * (ring[i + 1][1] - y0) - (ring[i + 1][0] - x0) * (ring[i][1] - y0);
  }
  return sum;
}

/** Area of a multipolygon in squared lattice units (holes subtracted). */
export function multiPolygonArea2(mp: MultiPolygon): number {
  let sum = 0;
  for (const polygon of mp) for (const ring of polygon) sum += ringArea2(ring);
  return sum;
}

/**
 * Even-odd point-in-ring test (points on an edge may go either way).
 *
 * @example
 * pointInRing(1, 1, [[0, 0], [2, 0], [2, 2], [0, 2]]) // true
 */
export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(x: number, y: number, polygon: Polygon): boolean {
  if (!pointInRing(x, y, polygon[0])) return false;
  for (let h = 1; h < polygon.length; h++) if (pointInRing(x, y, polygon[h])) return false;
  return true;
}

export function pointInMultiPolygon(x: number, y: number, mp: MultiPolygon): boolean {
  return mp.some((polygon) => pointInPolygon(x, y, polygon));
}

/**
 * True when the point is inside and at least `clearance` lattice units from every edge, so that it stays
 * inside after the coordinates are printed as decimals and re-read as doubles (ST_Contains is strict).
 *
 * @example
 * pointWellInside(1, 1, [[[[0, 0], [4, 0], [4, 4], [0, 4]]]], 1) // true
 */
export function pointWellInside(x: number, y: number, mp: MultiPolygon, clearance = 1): boolean {
  if (!pointInMultiPolygon(x, y, mp)) return false;
  const limit = clearance * clearance;
  for (const polygon of mp) {
    for (const ring of polygon) {
      for (let i = 0; i < ring.length; i++) {
        const [ax, ay] = ring[i];
        const [bx, by] = ring[(i + 1) % ring.length];
        const dx = bx - ax;
        const dy = by - ay;
        const length2 = dx * dx + dy * dy;
        const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length2));
        if ((x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 < limit) return false;
      }
    }
  }
  return true;
}

/**
 * Snaps a floating-point ring (closed or open, degrees) to the lattice and cleans what snapping can
 * leave behind: repeated vertices and zero-width spikes. Returns null when nothing with area is left.
 *
 * @example
 * snapRing([[1e-7, 0], [1, 0], [1, 1], [0, 1], [0, 0]]) // [[0,0],[1000000,0],[1000000,1000000],[0,1000000]]
 */
export function snapRing(ring: readonly (readonly number[])[]): Ring | null {
  const out: Ring = [];
  for (const [x, y] of ring) {
    const p: Point = [Math.round(x * SCALE), Math.round(y * SCALE)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length > 1 && samePoint(out[0], out[out.length - 1])) out.pop();
  return cleanRing(out);
}

const samePoint = (a: Point, b: Point) => a[0] === b[0] && a[1] === b[1];

/** Removes repeated vertices and spikes (a→b→a) until none are left; null when degenerate. */
export function cleanRing(ring: Ring): Ring | null {
  let points = ring;
  let changed = true;
  while (changed && points.length >= 3) {
    changed = false;
    const out: Ring = [];
    for (let i = 0; i < points.length; i++) {
      const prev = out.length ? out[out.length - 1] : points[points.length - 1];
      const p = points[i];
      const next = points[(i + 1) % points.length];
      if (samePoint(prev, p) || samePoint(prev, next)) {
        changed = true;
        continue;
      }
      out.push(p);
    }
    points = out;
  }
  if (points.length < 3 || ringArea2(points) === 0) return null;
  return points;
}

/** Orients a ring counter-clockwise (outer) or clockwise (hole). */
export function orient(ring: Ring, counterClockwise: boolean): Ring {
  return ringArea2(ring) > 0 === counterClockwise ? ring : [...ring].reverse();
}

const key = (p: Point) => p[0] * 4294967296 + p[1];

/**
 * Union of polygons that form part of one planar partition (shared edges are bit-identical): edges seen in
 * both directions cancel, the rest are chained into rings, turning as far left as possible at each vertex
 * so that rings touching at a point come out as separate rings (valid OGC polygons). Holes are attached to
 * the smallest outer ring containing them.
 *
 * @example
 * unionPartition([[[[0,0],[1,0],[1,1],[0,1]]], [[[1,0],[2,0],[2,1],[1,1]]]])
 * // [[[[0,0],[1,0],[2,0],[2,1],[1,1],[0,1]]]]
 */
export function unionPartition(polygons: readonly Polygon[]): MultiPolygon {
  const edges = new Map<number, Map<number, Point>>();
  const points = new Map<number, Point>();
  const add = (a: Point, b: Point) => {
    const ka = key(a);
    const kb = key(b);
    const reverse = edges.get(kb);
    if (reverse?.has(ka)) {
      reverse.delete(ka);
      if (reverse.size === 0) edges.delete(kb);
      return;
    }
    points.set(ka, a);
    points.set(kb, b);
    let out = edges.get(ka);
    if (!out) edges.set(ka, (out = new Map()));
    out.set(kb, b);
  };
  for (const polygon of polygons) {
    for (const ring of polygon) for (let i = 0; i < ring.length; i++) add(ring[i], ring[(i + 1) % ring.length]);
  }
  const rings: Ring[] = [];
  const startKeys = [...edges.keys()].sort((a, b) => a - b);
  for (const startKey of startKeys) {
    while (edges.get(startKey)?.size) {
      const start = points.get(startKey)!;
      const ring: Ring = [start];
      let prev = start;
      let current = takeEdge(edges, startKey, null, start);
      while (current && key(current) !== startKey) {
        ring.push(current);
        const next = takeEdge(edges, key(current), prev, current);
        prev = current;
        current = next;
      }
      const clean = cleanRing(ring);
      if (clean) rings.push(clean);
    }
  }
  return assemble(rings);
}

function takeEdge(edges: Map<number, Map<number, Point>>, from: number, prev: Point | null, at: Point): Point | null {
  const out = edges.get(from);
  if (!out || out.size === 0) return null;
  let best: [number, Point] | null = null;
  if (out.size === 1 || !prev) {
    best = [0, out.values().next().value!];
    if (out.size > 1) {
      // deterministic choice for the first edge of a ring: smallest key
      let min = Infinity;
      for (const [k, p] of out) if (k < min) [min, best] = [k, [0, p]];
    }
  } else {
    // smallest clockwise angle from the reversed incoming edge = sharpest left turn
    const back = Math.atan2(prev[1] - at[1], prev[0] - at[0]);
    for (const p of out.values()) {
      let angle = back - Math.atan2(p[1] - at[1], p[0] - at[0]);
      while (angle <= 0) angle += 2 * Math.PI;
      if (!best || angle < best[0]) best = [angle, p];
    }
  }
  const point = best![1];
  out.delete(key(point));
  if (out.size === 0) edges.delete(from);
  return point;
}

function assemble(rings: Ring[]): MultiPolygon {
  const outers = rings.filter((r) => ringArea2(r) > 0).map((r) => ({ ring: r, area: ringArea2(r), holes: [] as Ring[] }));
  outers.sort((a, b) => b.area - a.area || key(a.ring[0]) - key(b.ring[0]));
  for (const hole of rings.filter((r) => ringArea2(r) < 0)) {
    const probe = interiorProbe(hole);
    let owner: (typeof outers)[number] | undefined;
    for (const outer of outers) if (pointInRing(probe[0], probe[1], outer.ring) && (!owner || outer.area < owner.area)) owner = outer;
    owner?.holes.push(hole);
  }
  return outers.map((o) => [o.ring, ...o.holes]);
}

// A point just inside the hole's boundary region that is not a vertex: the midpoint of its longest edge,
// which lies strictly inside any outer ring that contains the hole.
function interiorProbe(ring: Ring): [number, number] {
  let best = 0;
  let length = -1;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    const l = (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
    if (l > length) [best, length] = [i, l];
  }
  const a = ring[best];
  const b = ring[(best + 1) % ring.length];
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

/**
 * A point inside the polygon (like ST_PointOnSurface): the middle of the widest interior span on the
 * horizontal line through the middle of its bounding box, nudged off vertices.
 *
 * @example
 * pointOnSurface([[[0, 0], [4, 0], [4, 2], [0, 2]]]) // [2, 1.0001…]
 */
export function pointOnSurface(polygon: Polygon): [number, number] {
  let ymin = Infinity;
  let ymax = -Infinity;
  for (const [, y] of polygon[0]) [ymin, ymax] = [Math.min(ymin, y), Math.max(ymax, y)];
  const y = (ymin + ymax) / 2 + 0.000123;
  const xs: number[] = [];
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
    }
  }
  xs.sort((a, b) => a - b);
  let best: [number, number] = [polygon[0][0][0], polygon[0][0][1]];
  let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1] - xs[i] > width) [width, best] = [xs[i + 1] - xs[i], [(xs[i] + xs[i + 1]) / 2, y]];
  }
  return best;
}

/** Bounding box [minX, minY, maxX, maxY] of a multipolygon's outer rings. */
export function bbox(mp: MultiPolygon): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of mp) {
    for (const [x, y] of polygon[0]) {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  }
  return b;
}

/** Area of a lattice multipolygon in km² (equirectangular at its own latitude; good to ~0.1% at city scale). */
export function areaKm2(mp: MultiPolygon): number {
  const [, y0, , y1] = bbox(mp);
  const lat = ((y0 + y1) / 2 / SCALE) * (Math.PI / 180);
  const degree = 111.32; // km per degree of latitude (mean)
  return (multiPolygonArea2(mp) / 2 / SCALE / SCALE) * degree * degree * Math.cos(lat);
}
