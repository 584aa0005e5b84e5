/** The search box: districts, streets, communities, grids and sites by Chinese, pinyin, initials or code. */
import { el } from '../kit/dom.ts';
import type { SearchHit } from '../../core/contracts/field.ts';
import { api } from './api.ts';
import { m } from './i18n.ts';

/**
 * A search box whose results (at most 20, ranked by the server) call `onPick` when tapped.
 *
 * @example
 * host.append(searchBox((hit) => map.fitBbox(hit.bbox)));
 */
export function searchBox(onPick: (hit: SearchHit) => void): HTMLElement {
  const t = m().search;
  const input = el('input', { type: 'search', id: 'search-input', placeholder: t.placeholder, autocomplete: 'off', enterkeyhint: 'search' });
  const results = el('ol', { id: 'search-results', class: 'search-results' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  const run = async () => {
    const q = input.value.trim();
    const ticket = ++latest;
    if (!q) return results.replaceChildren();
    try {
      const { items } = await api.search(q);
      if (ticket !== latest) return; // a newer query is on its way
      results.replaceChildren(
        ...(items.length
          ? items.map((hit) =>
              el(
                'li',
                {},
                el(
                  'button',
                  {
                    type: 'button',
                    'data-code': hit.code,
                    onclick: () => {
                      results.replaceChildren();
                      input.value = hit.name;
                      onPick(hit);
                    },
                  },
                  el('strong', {}, hit.name),
                  el('small', {}, ` ${(t.kinds as Record<string, string>)[hit.kind] ?? hit.kind} · ${hit.context || hit.code}`),
                ),
              ),
            )
          : [el('li', { class: 'muted' }, t.none)]),
      );
    } catch (error) {
      if (ticket === latest) results.replaceChildren(el('li', { class: 'muted' }, (error as Error).message));
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), 250);
  });
  return el('section', { class: 'field-card search' }, input, results);
}
