import { el } from './dom.ts';
import { session } from './session.ts';

/** The words of a sign-in form, in the page's language. */
export interface LoginTexts {
  title: string;
  username: string;
  password: string;
  submit: string;
  failed: string;
}

/**
 * A sign-in form that reloads the page once the session is set (the page then renders for the account),
 * or says the sign-in failed. `intro` is a line under the title, e.g. who the page is for.
 *
 * @example
 * content.replaceChildren(loginForm(m().login, m().adminOnly));
 */
export function loginForm(texts: LoginTexts, intro?: string): HTMLFormElement {
  const username = el('input', { name: 'username', autocomplete: 'username', required: true });
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = el('p', { class: 'error', role: 'alert' });
  const submit = (event: Event) => {
    event.preventDefault();
    session.login(username.value, password.value).then(
      () => location.reload(),
      () => (message.textContent = texts.failed),
    );
  };
  return el(
    'form',
    { class: 'login', onsubmit: submit },
    el('h2', {}, texts.title),
    intro && el('p', {}, intro),
    el('label', {}, texts.username, username),
    el('label', {}, texts.password, password),
    message,
    el('button', { type: 'submit', class: 'primary' }, texts.submit),
  );
}
