/**
 * The administrators' page for the site-kind registry (/admin/): every kind with its colour, shape,
 * locate group and coverage radius, editable; a form to add one. Other roles see why they cannot.
 */
import './styles.css';
import type { SiteKindRecord, SiteKindRegistry } from '../../core/contracts/site-kinds.ts';
import { el } from '../kit/dom.ts';
import { requestJson } from '../kit/http.ts';
import { currentLang, onLangChange, setLang } from '../kit/i18n.ts';
import { session } from '../kit/session.ts';
import { loginForm } from '../kit/login-form.ts';
import { m } from './i18n.ts';
import { kindFields, kindRow, showError } from './kind-row.ts';

const content = document.getElementById('content')!;
const me = await session.me().catch(() => null);

function toolbar() {
  const t = m();
  document.getElementById('heading')!.textContent = t.title;
  document.title = `${t.title} · 平安网格`;
  document
    .getElementById('tools')!
    .replaceChildren(
      el('a', { href: '/' }, t.map),
      el('a', { href: '/edit/' }, t.edit),
      el('button', { type: 'button', id: 'lang', onclick: () => setLang(currentLang() === 'zh' ? 'en' : 'zh') }, currentLang() === 'zh' ? 'EN' : '中文'),
      ...(me?.authenticated ? [el('button', { type: 'button', onclick: () => void session.logout().finally(() => location.reload()) }, t.logout)] : []),
    );
}

function addForm(): HTMLElement {
  const t = m();
  const code = el('input', { name: 'kind', placeholder: 'fire_station', pattern: '[a-z][a-z0-9_]{1,39}', required: true });
  const { fields, read } = kindFields({});
  const message = el('p', { class: 'error', role: 'alert' });
  const submit = (event: Event) => {
    event.preventDefault();
    requestJson('/api/admin/site-kinds', { method: 'POST', json: { kind: code.value, ...read() } }).then(
      () => void render(),
      (error: unknown) => showError(message, { kind: code, ...fields }, error),
    );
  };
  const label = (text: string, node: Node) => el('label', {}, text, node);
  return el(
    'form',
    { class: 'add', onsubmit: submit, 'data-testid': 'add-kind' },
    el('h2', {}, t.add),
    label(t.code, code),
    label(t.nameZh, fields.nameZh!),
    label(t.nameEn, fields.nameEn!),
    label(t.color, fields.color!),
    label(t.locateGroup, fields.locateGroup!),
    label(t.radius, fields.defaultRadiusM!),
    message,
    el('button', { type: 'submit', class: 'primary' }, t.add),
  );
}

async function render(): Promise<void> {
  const t = m();
  toolbar();
  // `/api/auth/me` answers a visitor too (role public, not authenticated): a visitor gets the form
  if (!me?.authenticated) return void content.replaceChildren(loginForm(m().login));
  if (me.role !== 'admin') return void content.replaceChildren(el('p', { class: 'error' }, t.adminOnly));
  const { kinds } = await requestJson<SiteKindRegistry>('/api/site-kinds');
  const head = [t.code, t.nameZh, t.nameEn, t.color, t.shape, t.locateGroup, t.radius, t.coverage, t.staffed, t.order, t.sites, ''];
  content.replaceChildren(
    el('p', { class: 'intro' }, t.intro),
    el(
      'table',
      { class: 'kinds', 'data-testid': 'kinds' },
      el('thead', {}, el('tr', {}, ...head.map((text) => el('th', {}, text)))),
      el('tbody', {}, ...kinds.map((kind: SiteKindRecord) => kindRow(kind, () => void render()))),
    ),
    addForm(),
  );
}

onLangChange(() => void render());
setLang(currentLang());
