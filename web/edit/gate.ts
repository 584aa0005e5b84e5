/** The editor's header bar and what a visitor who is not an administrator sees instead of the editor. */
import type { MeResponse } from '../../core/contracts/auth.ts';
import { el } from '../kit/dom.ts';
import { currentLang, setLang } from '../kit/i18n.ts';
import { session } from '../kit/session.ts';
import { loginForm } from '../kit/login-form.ts';
import { m } from './i18n.ts';

export function toolbar(me: MeResponse | null) {
  const t = m();
  document.getElementById('heading')!.textContent = t.title;
  document.title = `${t.title} · 平安网格`;
  document
    .getElementById('tools')!
    .replaceChildren(
      el('a', { href: '/' }, t.map),
      el('a', { href: '/admin/' }, t.kinds),
      el('button', { type: 'button', id: 'lang', onclick: () => setLang(currentLang() === 'zh' ? 'en' : 'zh') }, currentLang() === 'zh' ? 'EN' : '中文'),
      ...(me?.authenticated
        ? [
            el('span', { class: 'who' }, me.account?.username ?? ''),
            el('button', { type: 'button', onclick: () => void session.logout().finally(() => location.reload()) }, t.logout),
          ]
        : []),
    );
}

/** Sign-in for a visitor; a signed-in non-administrator is told why there is no editor (the API would answer 403). */
export function gate(me: MeResponse | null): HTMLElement {
  const t = m();
  // `/api/auth/me` answers a visitor too (role public, not authenticated): only an account is told it lacks the role
  if (me?.authenticated) return el('p', { class: 'error notice', 'data-testid': 'admin-only' }, t.adminOnly);
  return loginForm(t.login, t.adminOnly);
}
