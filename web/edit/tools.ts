/**
 * The tool panel: one button per edit kind, what to do next, and the form that sends the edit with its
 * reason. The server's refusal (a gap's area and place, a non-adjacent merge, …) is shown where the
 * reason was typed; a success shows the codes created, changed and retired.
 */
import type { BoundaryEdit, BoundaryEditResult } from '../../core/contracts/boundaries.ts';
import { el } from '../kit/dom.ts';
import { ApiRequestError, requestJson } from '../kit/http.ts';
import { m } from './i18n.ts';
import { resetTool, tools, type Editor, type Tool } from './state.ts';

let lastResult: BoundaryEditResult | null = null;

/** The edit the tool has gathered, or the message saying what is missing. */
function body(editor: Editor, form: HTMLFormElement): BoundaryEdit | string {
  const t = m();
  const { state } = editor;
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
  const reason = value('reason');
  const name = value('name') || undefined;
  const site = state.selectedSite;
  switch (state.tool) {
    case 'split':
      if (!state.selectedGrids[0]) return t.needGrid;
      if (!state.line) return t.needLine;
      return { kind: 'split', reason, grid: state.selectedGrids[0], line: { type: 'LineString', coordinates: state.line }, name };
    case 'merge':
      return state.selectedGrids.length < 2 ? t.needGrid : { kind: 'merge', reason, grids: state.selectedGrids, name };
    case 'redraw': {
      const grids = editor.drawing.changedGrids();
      // a street on show: the community is the one of the grids redrawn (the server refuses a mix)
      return grids.length ? { kind: 'redraw', reason, community: grids[0]!.code.slice(0, 12), grids } : t.needGrid;
    }
    case 'site_add':
      if (!state.point) return t.needPoint;
      return { kind: 'site_add', reason, site: { code: value('code'), kind: value('siteKind'), name: value('siteName') }, at: state.point };
    case 'site_move':
      if (!site) return t.needSite;
      return state.point ? { kind: 'site_move', reason, site, at: state.point } : t.needPoint;
    default:
      return site ? { kind: 'site_retire', reason, site } : t.needSite;
  }
}

function status(editor: Editor): string {
  const t = m();
  const { state } = editor;
  const parts = [t.hint[state.tool!]!];
  if (state.selectedGrids.length) parts.push(`${t.selected}: ${state.selectedGrids.join(', ')}`);
  if (state.selectedSite) parts.push(`${t.selected}: ${state.selectedSite}`);
  if (state.line) parts.push(t.lineReady);
  if (state.point) parts.push(t.pointReady(state.point.lon, state.point.lat));
  return parts.join(' · ');
}

function form(editor: Editor, siteKinds: { kind: string; name: string }[]): HTMLFormElement {
  const t = m();
  const tool = editor.state.tool!;
  const message = el('p', { class: 'error', role: 'alert', 'data-testid': 'edit-error' });
  const field = (label: string, input: HTMLElement) => el('label', {}, label, input);
  const extra: HTMLElement[] = [];
  if (tool === 'split' || tool === 'merge') extra.push(field(t.name, el('input', { name: 'name', maxlength: '60' })));
  if (tool === 'site_add') {
    const kinds = el('select', { name: 'siteKind', required: true }, ...siteKinds.map((k) => el('option', { value: k.kind }, k.name)));
    extra.push(field(t.siteCode, el('input', { name: 'code', required: true, maxlength: '40' })), field(t.siteKind, kinds));
    extra.push(field(t.siteName, el('input', { name: 'siteName', required: true, maxlength: '100' })));
  }
  const reason = el('textarea', { name: 'reason', required: true, minlength: '2', maxlength: '500', rows: '2' });
  const submit = el('button', { type: 'submit', class: 'primary' }, t.submit);
  const node = el(
    'form',
    { class: 'edit-form', 'data-tool': tool },
    el('p', { class: 'hint', 'data-testid': 'edit-status' }, status(editor)),
    ...extra,
    field(t.reason, reason),
    message,
    el('div', { class: 'row' }, submit, el('button', { type: 'button', onclick: () => (resetTool(editor, null), editor.changed()) }, t.cancel)),
  );
  node.addEventListener('submit', (event) => {
    event.preventDefault();
    const edit = body(editor, node);
    if (typeof edit === 'string') return void (message.textContent = edit);
    message.textContent = '';
    submit.disabled = true;
    submit.textContent = t.sending;
    requestJson<BoundaryEditResult>('/api/admin/boundaries/edits', { method: 'POST', json: edit }).then(
      async (result) => {
        lastResult = result;
        resetTool(editor, null);
        await editor.reload();
      },
      (error: unknown) => {
        message.textContent = error instanceof ApiRequestError ? error.message : String(error);
        submit.disabled = false;
        submit.textContent = t.submit;
      },
    );
  });
  return node;
}

function result(): HTMLElement | null {
  if (!lastResult) return null;
  const t = m();
  const line = (label: string, codes: string[]) => (codes.length ? el('li', {}, `${label}: ${codes.join(', ')}`) : null);
  return el(
    'div',
    { class: 'result', 'data-testid': 'edit-result' },
    el('strong', {}, `${t.done} · ${t.tools[lastResult.kind]} ${lastResult.target}`),
    el('ul', {}, line(t.created, lastResult.created), line(t.changed, lastResult.changed), line(t.retired, lastResult.retired)),
  );
}

/** The panel for the state on show; redrawn on every change (a form being typed in is kept). */
export function toolPanel(editor: Editor, siteKinds: { kind: string; name: string }[], previous: HTMLElement | null): HTMLElement {
  const t = m();
  const { tool } = editor.state;
  const kept = previous?.querySelector<HTMLFormElement>('form.edit-form');
  let current: HTMLFormElement | null = null;
  if (tool) {
    current = kept && kept.dataset.tool === tool ? kept : form(editor, siteKinds);
    current.querySelector('.hint')!.textContent = status(editor);
  }
  const button = (name: Tool) =>
    el(
      'button',
      { type: 'button', 'data-tool': name, 'aria-pressed': String(tool === name), onclick: () => (resetTool(editor, name), editor.changed()) },
      t.tools[name],
    );
  return el('section', { class: 'tool-panel' }, el('div', { class: 'tool-buttons' }, ...tools.map(button)), current, tool ? null : result());
}
