/**
 * The map's search box over `/api/search` (areas, sites, compounds, places; grid workers for signed-in
 * staff, masked): results as a listbox, ↑/↓ to move, Enter to open, Esc to close. A pick is handed to
 * `onPick`, which flies there and highlights it.
 */
import type { SearchHit } from '../../../core/contracts/field.ts';
import { el } from '../../kit/dom.ts';
import { api } from '../api.ts';
import { t } from '../i18n/index.ts';

/**
 * Mounts the search box in `root`; returns a function that re-labels it after a language change.
 *
 * @example
 * const relabel = mountSearchBox(document.getElementById('search')!, (hit) => show(hit));
 */
export function mountSearchBox(root: HTMLElement, onPick: (hit: SearchHit) => void): () => void {
  let hits: SearchHit[] = [];
  let active = -1;
  let seq = 0;
  /** the text the current `hits` answer */
  let answered = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const input = el('input', {
    type: 'search',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': 'search-results',
    autocomplete: 'off',
    'data-testid': 'search-input',
  });
  const list = el('ul', { id: 'search-results', role: 'listbox', hidden: true });
  const status = el('span', { class: 'sr-only', 'aria-live': 'polite' });
  root.replaceChildren(input, list, status);

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const pick = (hit: SearchHit | undefined) => {
    if (!hit) return;
    input.value = hit.name;
    close();
    onPick(hit);
  };
  const render = () => {
    const m = t();
    list.replaceChildren(
      ...(hits.length
        ? hits.map((hit, i) =>
            el(
              'li',
              {
                id: `search-hit-${i}`,
                role: 'option',
                'aria-selected': String(i === active),
                class: i === active ? 'active' : '',
                'data-kind': hit.kind,
                onmousedown: (event: Event) => event.preventDefault(), // keep the focus in the input
                onclick: () => pick(hit),
              },
              el('span', { class: 'hit-kind' }, m.searchKinds[hit.kind] ?? hit.kind),
              el('span', { class: 'hit-name' }, hit.name),
              hit.context ? el('span', { class: 'hit-context' }, hit.context) : null,
            ),
          )
        : [el('li', { class: 'muted', role: 'option', 'aria-disabled': 'true' }, m.searchNone)]),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `search-hit-${active}`);
      list.children[active]?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
    status.textContent = `${hits.length}`;
  };
  const query = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) return close();
    const result = await api.search(q).catch(() => ({ items: [] as SearchHit[] }));
    if (mine !== seq) return; // a later keystroke already asked
    hits = result.items;
    answered = q;
    active = hits.length ? 0 : -1;
    render();
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void query(), 150);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (list.hidden) return void query();
      if (!hits.length) return;
      active = (active + (event.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length;
      render();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(timer);
      // Enter right after typing: ask first, then open the best hit
      const ready = answered === input.value.trim() ? Promise.resolve() : query();
      void ready.then(() => pick(hits[active] ?? hits[0]));
    } else if (event.key === 'Escape') {
      if (!list.hidden) close();
      else input.value = '';
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  const relabel = () => {
    const m = t();
    input.placeholder = m.searchPlaceholder;
    input.setAttribute('aria-label', m.searchPlaceholder);
    if (!list.hidden) render();
  };
  relabel();
  return relabel;
}
