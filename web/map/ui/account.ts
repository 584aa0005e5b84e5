import { session } from '../../kit/session.ts';
import { el } from '../../kit/dom.ts';
import { t } from '../i18n/index.ts';
import { changed, state } from '../app/state.ts';

/** Sign-in form (signed-in roles see incident points and volunteer coverage) or the account name. */
export function renderAccount(root: HTMLElement) {
  const m = t();
  if (state.me?.authenticated) {
    root.replaceChildren(
      el('span', { class: 'who' }, state.me.account?.displayName ?? ''),
      el(
        'button',
        {
          type: 'button',
          onclick: async () => {
            await session.logout().catch(() => undefined);
            state.me = await session.me();
            changed('me');
          },
        },
        m.logout,
      ),
    );
    return;
  }
  const error = el('span', { class: 'error', role: 'alert' });
  const form = el(
    'form',
    {
      class: 'login',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const data = new FormData(event.target as HTMLFormElement);
        try {
          await session.login(String(data.get('username')), String(data.get('password')));
          state.me = await session.me();
          changed('me');
        } catch {
          error.textContent = m.loginFailed;
        }
      },
    },
    el('input', { name: 'username', placeholder: m.username, autocomplete: 'username', required: true }),
    el('input', { name: 'password', type: 'password', placeholder: m.password, autocomplete: 'current-password', required: true }),
    el('button', { type: 'submit' }, m.login),
    error,
  );
  const details = el('details', { class: 'login-box' }, el('summary', {}, m.login), form);
  root.replaceChildren(details);
}
