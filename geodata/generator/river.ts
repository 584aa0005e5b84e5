import { HUN_RIVER } from './figures.ts';
import { DistrictShape } from './shape.ts';
import type { DistrictBoundary } from './boundaries.ts';

/**
 * Seven ferry points spread evenly along the part of the (synthetic) Hun River line that lies inside the
 * city, in lattice units. Computed over all 13 districts whatever the scale.
 *
 * @example
 * ferryPositions([...boundaries.values()]).length // 7
 */
export function ferryPositions(boundaries: DistrictBoundary[], count = 7): [number, number][] {
  const shapes = boundaries.map((b) => new DistrictShape(b.geometry));
  const inside: [number, number][] = [];
  const step = 100; // lattice units ≈ 10 m
  for (let i = 0; i + 1 < HUN_RIVER.length; i++) {
    const [ax, ay] = HUN_RIVER[i].map((v) => v * 1e6);
    const [bx, by] = HUN_RIVER[i + 1].map((v) => v * 1e6);
    const n = Math.ceil(Math.hypot(bx - ax, by - ay) / step);
    for (let s = 0; s < n; s++) {
      const x = Math.round(ax + ((bx - ax) * s) / n);
      const y = Math.round(ay + ((by - ay) * s) / n);
      if (shapes.some((shape) => shape.contains(x, y))) inside.push([x, y]);
    }
  }
  return Array.from({ length: count }, (_, k) => inside[Math.floor(((k + 0.5) / count) * inside.length)]);
}
