/**
 * A pool's size and kept connections: `min` (default none) never above `max`. One rule for the primary
 * and the replicas.
 *
 * @example
 * new pg.Pool({ connectionString, ...poolBounds(20, 4) }) // { max: 20, min: 4 }
 */
export function poolBounds(max: number, min = 0): { max: number; min: number } {
  return { max, min: Math.min(min, max) };
}
