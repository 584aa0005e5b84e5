/** One editable row of the site-kind table: inputs for every registry field, save / retire / delete. */
import type { SiteKindRecord } from '../../core/contracts/site-kinds.ts';
import { locateGroups, siteKindShapes } from '../../core/contracts/site-kinds.ts';
import { el, fmt } from '../kit/dom.ts';
import { ApiRequestError, request, requestJson } from '../kit/http.ts';
import { m } from './i18n.ts';

type Field = HTMLInputElement | HTMLSelectElement;
const select = (name: string, options: readonly string[], labels: Record<string, string>, value: string) =>
  el(
    'select',
    { name },
    ...options.map((option) => el('option', { value: option, ...(option === value ? { selected: true } : {}) }, labels[option] ?? option)),
  );

/** The form fields of a kind (empty for a new one); `read` turns them into the API's body. */
export function kindFields(kind: Partial<SiteKindRecord>) {
  const t = m();
  const fields: Record<string, Field> = {
    nameZh: el('input', { name: 'nameZh', value: kind.nameZh ?? '', maxlength: '40', required: true }),
    nameEn: el('input', { name: 'nameEn', value: kind.nameEn ?? '', maxlength: '60', required: true }),
    color: el('input', { name: 'color', type: 'color', value: kind.color ?? '#546e7a' }),
    shape: select('shape', siteKindShapes, t.shapes, kind.shape ?? 'circle'),
    locateGroup: select('locateGroup', locateGroups, t.groups, kind.locateGroup ?? 'other'),
    defaultRadiusM: el('input', { name: 'defaultRadiusM', type: 'number', min: '50', max: '5000', step: '50', value: String(kind.defaultRadiusM ?? 1000) }),
    coverage: el('input', { name: 'coverage', type: 'checkbox', checked: kind.coverage ?? true }),
    staffed: el('input', { name: 'staffed', type: 'checkbox', checked: kind.staffed ?? false }),
    sortOrder: el('input', { name: 'sortOrder', type: 'number', min: '0', max: '9999', value: String(kind.sortOrder ?? 100) }),
  };
  const read = () =>
    Object.fromEntries(
      Object.entries(fields).map(([key, input]) => [
        key,
        input instanceof HTMLInputElement && input.type === 'checkbox'
          ? input.checked
          : input instanceof HTMLInputElement && input.type === 'number'
            ? Number(input.value)
            : input.value,
      ]),
    );
  return { fields, read };
}

/** Shows an API error next to the field it names (the server's 400 names it). */
export function showError(message: HTMLElement, fields: Record<string, Field>, error: unknown) {
  Object.values(fields).forEach((input) => input.removeAttribute('aria-invalid'));
  if (error instanceof ApiRequestError && error.field && fields[error.field]) fields[error.field]!.setAttribute('aria-invalid', 'true');
  message.textContent = error instanceof Error ? error.message : String(error);
}

/** A table row for one registered kind; `reload` redraws the table after a change. */
export function kindRow(kind: SiteKindRecord, reload: () => void): HTMLElement {
  const t = m();
  const { fields, read } = kindFields(kind);
  const message = el('span', { class: 'message', role: 'status' });
  const cell = (label: string, node: Node) => el('td', { 'data-label': label }, node);
  const patch = (body: unknown) =>
    requestJson<SiteKindRecord>(`/api/admin/site-kinds/${kind.kind}`, { method: 'PATCH', json: body }).then(
      () => reload(),
      (error: unknown) => showError(message, fields, error),
    );
  const remove = () =>
    request(`/api/admin/site-kinds/${kind.kind}`, { method: 'DELETE' }).then(
      () => reload(),
      (error: unknown) => showError(message, fields, error),
    );
  return el(
    'tr',
    { 'data-kind': kind.kind, class: kind.retired ? 'retired' : '' },
    cell(t.code, el('code', {}, kind.kind)),
    cell(t.nameZh, fields.nameZh!),
    cell(t.nameEn, fields.nameEn!),
    cell(t.color, fields.color!),
    cell(t.shape, fields.shape!),
    cell(t.locateGroup, fields.locateGroup!),
    cell(t.radius, fields.defaultRadiusM!),
    cell(t.coverage, fields.coverage!),
    cell(t.staffed, fields.staffed!),
    cell(t.order, fields.sortOrder!),
    cell(t.sites, document.createTextNode(fmt(kind.sites))),
    el(
      'td',
      { class: 'actions' },
      el('button', { type: 'button', class: 'primary', onclick: () => void patch(read()) }, t.save),
      el('button', { type: 'button', onclick: () => void patch({ retired: !kind.retired }) }, kind.retired ? t.restore : t.retire),
      kind.sites === 0 ? el('button', { type: 'button', class: 'danger', onclick: () => void remove() }, t.remove) : null,
      message,
    ),
  );
}
