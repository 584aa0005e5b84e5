/**
 * Walking on the road graph: speed and the life-circle thresholds of GB 50180-2018 (城市居住区规划设计标准:
 * 5-, 10- and 15-minute walking life circles).
 */

/** metres per second: 4.3 km/h, the usual planning pace of an adult on the level (no elevation is modelled) */
export const WALK_SPEED_MPS = 1.2;
export const LIFE_CIRCLE_MINUTES = [5, 10, 15] as const;

/**
 * Seconds to walk a distance at {@link WALK_SPEED_MPS}.
 *
 * @example
 * walkSeconds(1080) // → 900 (15 minutes)
 */
export const walkSeconds = (metres: number): number => metres / WALK_SPEED_MPS;

/**
 * Metres walked in a number of minutes.
 *
 * @example
 * walkMetres(15) // → 1080
 */
export const walkMetres = (minutes: number): number => minutes * 60 * WALK_SPEED_MPS;
