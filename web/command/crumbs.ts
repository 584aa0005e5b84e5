import { el } from '../kit/dom.ts';
import { m } from './i18n.ts';

/** city › district › street › community › grid; each crumb drills back up. */
export function renderCrumbs(host: HTMLElement, chain: { code: string; name: string }[], onPick: (code: string | undefined) => void) {
  const items = [{ code: undefined as string | undefined, name: m().city }, ...chain];
  host.replaceChildren(...items.flatMap((item, index) => {
    const last = index === items.length - 1;
    const crumb = last
      ? el('span', { class: 'crumb current', 'aria-current': 'page' }, item.name)
      : el('button', { type: 'button', class: 'crumb', 'data-code': item.code ?? '', onclick: () => onPick(item.code) }, item.name);
    return index === 0 ? [crumb] : [el('span', { class: 'sep' }, '›'), crumb];
  }));
}
