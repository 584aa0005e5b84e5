import { el } from '../kit/dom.ts';
import { currentLang, setLang } from '../kit/i18n.ts';
import { session } from '../kit/session.ts';
import { m } from './i18n.ts';

/** The sign-in form shown to a visitor; a successful login reloads the page. */
export function showLogin(host: HTMLElement) {
  const t = m();
  const username = el('input', { name: 'username', autocomplete: 'username', required: true });
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = el('p', { class: 'error', role: 'alert' });
  host.hidden = false;
  document.getElementById('heading')!.textContent = t.title;
  document
    .getElementById('tools')!
    .replaceChildren(
      el(
        'button',
        { type: 'button', id: 'lang', onclick: () => (setLang(currentLang() === 'zh' ? 'en' : 'zh'), showLogin(host)) },
        currentLang() === 'zh' ? 'EN' : '中文',
      ),
    );
  host.replaceChildren(
    el(
      'form',
      {
        class: 'login',
        onsubmit: (event: Event) => {
          event.preventDefault();
          session.login(username.value, password.value).then(
            () => location.reload(),
            () => (message.textContent = t.login.failed),
          );
        },
      },
      el('h2', {}, t.login.title),
      el('label', {}, t.login.username, username),
      el('label', {}, t.login.password, password),
      message,
      el('button', { type: 'submit', class: 'primary' }, t.login.submit),
    ),
  );
}
