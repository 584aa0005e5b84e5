/**
 * Names for the codes the API hands out: incident categories (the registry behind
 * `GET /api/field/categories`) and areas (`GET /api/layers/areas/{code}` chains). Both are fetched once
 * per page and cached, so the live list and the panel never show `city_management` or a bare grid code.
 */
import type { FieldCategories } from '../../core/contracts/field.ts';
import { areaCard } from '../kit/areas.ts';
import { requestJson } from '../kit/http.ts';
import { currentLang } from '../kit/i18n.ts';

type Entry = { nameZh: string; nameEn: string };
const categories = new Map<string, Entry>();
const disputeTypes = new Map<string, Entry>();
let loading: Promise<void> | null = null;
const pick = (entry: Entry | undefined, code: string) => (entry ? (currentLang() === 'en' ? entry.nameEn : entry.nameZh) : code);

/**
 * Loads the category registry once; a failure is forgotten so that the next call tries again (the codes
 * are shown meanwhile, which is still correct, only less readable).
 *
 * @example
 * await loadCategoryNames();
 * categoryName('city_management') // '城市管理'
 */
export function loadCategoryNames(): Promise<void> {
  loading ??= requestJson<FieldCategories>('/api/field/categories').then(
    (registry) => {
      for (const c of registry.categories) categories.set(c.code, c);
      for (const d of registry.disputeTypes) disputeTypes.set(d.code, d);
    },
    () => void (loading = null),
  );
  return loading;
}

/** The category's name in the page's language, or the code until the registry is loaded. */
export const categoryName = (code: string) => pick(categories.get(code), code);
/** The dispute type's name in the page's language, or the code. */
export const disputeTypeName = (code: string) => pick(disputeTypes.get(code), code);

const chains = new Map<string, Promise<string>>();

/**
 * The area path of a code, district first, ending with the area itself. A failed look-up leaves the
 * bare code (and is retried next time).
 *
 * @example
 * await areaPath('21010301500202') // '沈河区 › 风雨坛街道 › 文华社区 › 文华社区第02网格'
 */
export function areaPath(code: string): Promise<string> {
  let known = chains.get(code);
  if (!known) {
    known = areaCard(code).then(
      (card) => card.chain.map((c) => c.name).join(' › ') || code,
      () => {
        chains.delete(code);
        return code;
      },
    );
    chains.set(code, known);
  }
  return known;
}
