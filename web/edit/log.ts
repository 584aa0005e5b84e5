/** The edit log (`GET /api/admin/boundaries/edits`), newest first: when, who, what, why, and what came of it. */
import type { z } from 'zod';
import type { boundaryEditLogSchema } from '../../core/contracts/boundaries.ts';
import { el } from '../kit/dom.ts';
import { requestJson } from '../kit/http.ts';
import { currentLang } from '../kit/i18n.ts';
import { m } from './i18n.ts';

type Log = z.infer<typeof boundaryEditLogSchema>;

export async function editLog(): Promise<HTMLElement> {
  const t = m();
  const { items } = await requestJson<Log>('/api/admin/boundaries/edits?limit=20');
  const when = (at: string) => new Date(at).toLocaleString(currentLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  const codes = (label: string, list: string[]) => (list.length ? `${label} ${list.join(', ')}` : '');
  return el(
    'section',
    { class: 'edit-log', 'data-testid': 'edit-log' },
    el('h2', {}, t.log),
    items.length
      ? el(
          'ol',
          {},
          ...items.map((item) =>
            el(
              'li',
              { 'data-kind': item.kind },
              el('div', { class: 'meta' }, `${when(item.at)} · ${item.username}`),
              el('div', {}, el('strong', {}, t.tools[item.kind] ?? item.kind), ` ${item.target}`),
              el('div', { class: 'why' }, item.reason),
              el('div', { class: 'codes' }, [codes(t.created, item.created), codes(t.retired, item.retired)].filter(Boolean).join(' · ')),
            ),
          ),
        )
      : el('p', {}, t.logEmpty),
  );
}
