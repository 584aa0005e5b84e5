/**
 * The one language store of every page: zh-CN by default, English on request, remembered in
 * localStorage. Each page keeps its own message tables and reads them through `messages`.
 */
export type Lang = 'zh' | 'en';

// The key the pages have always used: a user's choice survives, and is shared by all pages.
const STORAGE_KEY = 'lang';

let lang: Lang = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
const listeners = new Set<() => void>();

/** The language in use. */
export const currentLang = (): Lang => lang;

/**
 * Switches the language: stores it, sets `<html lang>` and tells every listener (which redraw their texts
 * and set the page title).
 *
 * @example
 * setLang(currentLang()); // apply the stored choice at start
 */
export function setLang(next: Lang) {
  lang = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
  listeners.forEach((listener) => listener());
}

/** zh ⇄ en (the pages' language button). */
export const toggleLang = () => setLang(lang === 'en' ? 'zh' : 'en');

/**
 * Calls `listener` after every language switch; returns the unsubscribe function.
 *
 * @example
 * onLangChange(() => (document.title = t().title));
 */
export function onLangChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The accessor of a page's message tables: call it when drawing, so a switch shows at the next redraw.
 *
 * @example
 * export const m = messages({ zh, en });
 * m().title
 */
export const messages =
  <M>(tables: { zh: M; en: M }) =>
  (): M =>
    lang === 'en' ? tables.en : tables.zh;
