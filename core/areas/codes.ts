/**
 * Area codes (National Bureau of Statistics layout): district 6 digits, street 9, community 12; grid
 * cells add 2 more (14). A parent's code is a prefix of its children's, so "inside" is a prefix test.
 */
export const levelByLength = { 6: 'district', 9: 'street', 12: 'community', 14: 'grid' } as const;
export type AreaLevel = (typeof levelByLength)[keyof typeof levelByLength];

/**
 * The level of an area code, or undefined when the code has no known length/format.
 *
 * @example
 * areaLevel('210102') // 'district'
 */
export function areaLevel(code: string): AreaLevel | undefined {
  if (!/^[0-9]+$/.test(code)) return undefined;
  return levelByLength[code.length as keyof typeof levelByLength];
}

/**
 * True for "the whole city": no code, the 4-digit city prefix or the 6-digit city code ending in 00
 * (210100). Districts, streets, communities and grids are parts of it.
 *
 * @example
 * isWholeCity('210100') // true
 * isWholeCity('210103') // false (a district)
 */
export function isWholeCity(code: string | null | undefined): boolean {
  return !code || code.length === 4 || (code.length === 6 && code.endsWith('00'));
}
