import { session } from '../kit/session.ts';
import { el } from '../kit/dom.ts';
import { m } from './i18n.ts';

/** The login form shown when nobody is signed in; a successful login reloads the dashboard. */
export function showLogin(host: HTMLElement) {
  const t = m().login;
  const username = el('input', { name: 'username', autocomplete: 'username', required: true });
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = el('p', { class: 'error', role: 'alert' });
  host.hidden = false;
  host.replaceChildren(
    el(
      'form',
      {
        class: 'login',
        onsubmit: (event: Event) => {
          event.preventDefault();
          session.login(username.value, password.value).then(
            () => location.reload(),
            () => (message.textContent = t.failed),
          );
        },
      },
      el('h2', {}, t.title),
      el('label', {}, t.username, username),
      el('label', {}, t.password, password),
      message,
      el('button', { type: 'submit' }, t.submit),
    ),
  );
}
