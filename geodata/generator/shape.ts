import { bbox, type MultiPolygon } from './geometry.ts';

/**
 * A district polygon (lattice units) with a band index over its edges, for the many point-in-polygon and
 * "does this box touch the boundary" questions the layout asks.
 */
export class DistrictShape {
  readonly box: [number, number, number, number];
  /** polygon in degrees, for polygon-clipping */
  readonly degrees: [number, number][][][];
  private readonly edges: Float64Array;
  private readonly bands: number[][];
  private readonly bandHeight: number;

  constructor(readonly geometry: MultiPolygon) {
    this.box = bbox(geometry);
    const list: number[] = [];
    for (const polygon of geometry) {
      for (const ring of polygon) {
        for (let i = 0; i < ring.length; i++) {
          const a = ring[i];
          const b = ring[(i + 1) % ring.length];
          list.push(a[0], a[1], b[0], b[1]);
        }
      }
    }
    this.edges = Float64Array.from(list);
    const count = 512;
    this.bandHeight = (this.box[3] - this.box[1]) / count + 1e-9;
    this.bands = Array.from({ length: count }, () => []);
    for (let e = 0; e < this.edges.length; e += 4) {
      const y0 = Math.min(this.edges[e + 1], this.edges[e + 3]);
      const y1 = Math.max(this.edges[e + 1], this.edges[e + 3]);
      for (let b = this.band(y0); b <= this.band(y1); b++) this.bands[b].push(e);
    }
    this.degrees = geometry.map((polygon) => polygon.map((ring) => [...ring, ring[0]].map(([x, y]) => [x / 1e6, y / 1e6] as [number, number])));
  }

  private band(y: number): number {
    return Math.max(0, Math.min(this.bands.length - 1, Math.floor((y - this.box[1]) / this.bandHeight)));
  }

  /** Even-odd test of a lattice-unit point. */
  contains(x: number, y: number): boolean {
    if (x < this.box[0] || x > this.box[2] || y < this.box[1] || y > this.box[3]) return false;
    let inside = false;
    const e = this.edges;
    for (const i of this.bands[this.band(y)]) {
      const yi = e[i + 1];
      const yj = e[i + 3];
      if (yi > y !== yj > y && x < ((e[i + 2] - e[i]) * (y - yi)) / (yj - yi) + e[i]) inside = !inside;
    }
    return inside;
  }

  /** True when some boundary edge's bounding box meets the given box (conservative). */
  touchesBox(x0: number, y0: number, x1: number, y1: number): boolean {
    const e = this.edges;
    for (let b = this.band(y0); b <= this.band(y1); b++) {
      for (const i of this.bands[b]) {
        if (Math.max(e[i], e[i + 2]) < x0 || Math.min(e[i], e[i + 2]) > x1) continue;
        if (Math.max(e[i + 1], e[i + 3]) < y0 || Math.min(e[i + 1], e[i + 3]) > y1) continue;
        return true;
      }
    }
    return false;
  }
}
