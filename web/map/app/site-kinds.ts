/**
 * The site-kind registry (`GET /api/site-kinds`) as the map page knows it: the legend, the per-kind
 * toggles and the cards take colours and names from here, so a kind added as a row shows without a
 * new build. The map itself draws kinds from the style, which the server builds from the same rows.
 */
import type { SiteKindRecord, SiteKindRegistry } from '../../../core/contracts/site-kinds.ts';
import { OTHER_SITE_COLOR } from '../../../core/contracts/map-palette.ts';
import { currentLang } from '../../kit/i18n.ts';
import { requestJson } from '../../kit/http.ts';

let kinds: SiteKindRecord[] = [];

/**
 * Loads the registry (once per page load; a failure leaves it empty and kinds show by code, grey).
 *
 * @example
 * await loadSiteKinds();
 */
export async function loadSiteKinds(): Promise<void> {
  kinds = (await requestJson<SiteKindRegistry>('/api/site-kinds').catch(() => ({ kinds: [] }))).kinds;
}

/** Every registered kind in registry order. */
export const registeredKinds = (): readonly SiteKindRecord[] => kinds;

/**
 * A kind's map colour.
 *
 * @example
 * kindColor('watch_post') // '#1565c0'
 */
export const kindColor = (kind: string): string => kinds.find((k) => k.kind === kind)?.color ?? OTHER_SITE_COLOR;

/**
 * A kind's name in the page language (its code when it is not registered).
 *
 * @example
 * kindName('watch_post') // '平安守望岗'
 */
export function kindName(kind: string, lang: 'zh' | 'en' = currentLang()): string {
  const found = kinds.find((k) => k.kind === kind);
  return found ? (lang === 'en' ? found.nameEn : found.nameZh) : kind;
}

/**
 * The kinds the layer panel offers: registry order, those with sites (or every live one before the
 * counts arrive), then kinds the data holds that the registry does not know.
 *
 * @example
 * panelKinds({ watch_post: 12 }) // ['watch_post']
 */
export function panelKinds(counts: Record<string, number> | null): string[] {
  const known = kinds.filter((k) => (counts ? counts[k.kind] !== undefined : !k.retired)).map((k) => k.kind);
  return [...known, ...Object.keys(counts ?? {}).filter((kind) => !known.includes(kind))];
}
