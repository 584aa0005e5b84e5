import { isWholeCity } from '../kit/areas.ts';
import { el } from '../kit/dom.ts';
import { m } from './i18n.ts';

/**
 * city › district › street › community › grid; each crumb drills back up. A commander scoped to a
 * district or street starts at their own area: no 全市 crumb, nothing above the scope to click into.
 *
 * @example
 * renderCrumbs(nav, card.chain, drill, '210103'); // 沈河区 › …
 */
export function renderCrumbs(
  host: HTMLElement,
  chain: { code: string; name: string }[],
  onPick: (code: string | undefined) => void,
  scopeCode?: string | null,
) {
  const scoped = !isWholeCity(scopeCode);
  const items = scoped ? chain.filter((item) => item.code.length >= scopeCode!.length) : [{ code: undefined as string | undefined, name: m().city }, ...chain];
  host.replaceChildren(
    ...items.flatMap((item, index) => {
      const last = index === items.length - 1;
      const crumb = last
        ? el('span', { class: 'crumb current', 'aria-current': 'page', 'data-code': item.code ?? '' }, item.name)
        : el('button', { type: 'button', class: 'crumb', 'data-code': item.code ?? '', onclick: () => onPick(item.code) }, item.name);
      return index === 0 ? [crumb] : [el('span', { class: 'sep' }, '›'), crumb];
    }),
  );
}
