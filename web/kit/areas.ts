/**
 * Area codes as the pages use them, on top of the levels in core/areas/codes.ts, and the area card
 * (`GET /api/layers/areas/:code`) that the map and the dashboard both show.
 */
import { isWholeCity, levelByLength } from '../../core/areas/codes.ts';

export { isWholeCity };
import type { AreaCard } from '../../core/contracts/map.ts';
import { requestJson } from './http.ts';

const lengths = Object.keys(levelByLength)
  .map(Number)
  .sort((a, b) => a - b);

/**
 * Length of the codes one level below `code` (districts below the whole city), or undefined below a grid.
 *
 * @example
 * childCodeLength(undefined) // 6
 * childCodeLength('210103') // 9
 */
export function childCodeLength(code: string | null | undefined): number | undefined {
  if (isWholeCity(code)) return lengths[0];
  return lengths.find((length) => length > code!.length);
}

/**
 * The code prefix shared by every area inside `code`: the code itself, or for the whole city its 4-digit
 * prefix ('' when there is no code).
 *
 * @example
 * insidePrefix('210100') // '2101'
 */
export const insidePrefix = (code: string | null | undefined): string => (isWholeCity(code) ? (code ?? '').slice(0, 4) : code!);

/**
 * The info card of an area (any level): name, parent chain, bbox, counts.
 *
 * @example
 * const card = await areaCard('210103');
 */
export const areaCard = (code: string) => requestJson<AreaCard>(`/api/layers/areas/${code}`);
