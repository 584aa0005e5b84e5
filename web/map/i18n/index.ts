import { en, zh, type Messages } from './messages.ts';

export type Lang = 'zh' | 'en';
const listeners = new Set<() => void>();
let lang: Lang = localStorage.getItem('lang') === 'en' ? 'en' : 'zh';

/** The current messages; re-read them after `onLangChange` fires. */
export const t = (): Messages => (lang === 'en' ? en : zh);
export const currentLang = () => lang;

export function setLang(next: Lang) {
  lang = next;
  localStorage.setItem('lang', next);
  document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
  document.title = t().title;
  listeners.forEach((listener) => listener());
}

export const onLangChange = (listener: () => void) => listeners.add(listener);
