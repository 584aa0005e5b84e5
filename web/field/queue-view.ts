/** The list of the caller's reports with their state (待发送 / 发送中 / 已提交 + 案件编号 / 被拒绝 + 原因 / 需登录). */
import { el } from '../kit/dom.ts';
import { m, reason } from './i18n.ts';
import { listReports, requeue, syncReports, type QueuedReport } from './queue.ts';

function item(report: QueuedReport, label: (category: string) => string): HTMLElement {
  const t = m().queue;
  const when = new Date(report.createdAt).toLocaleString();
  return el(
    'li',
    { class: `queued state-${report.state}`, 'data-key': report.key, 'data-state': report.state },
    el(
      'div',
      {},
      el('span', { class: 'state' }, t.states[report.state]),
      el('strong', {}, ` ${label(report.body.category)}`),
      report.incidentCode ? el('small', { class: 'incident-code' }, ` ${m().report.caseNo} ${report.incidentCode}`) : null,
    ),
    el('div', { class: 'muted' }, `${when} · ${report.body.description ?? ''}`),
    report.photo ? el('img', { class: 'thumb', src: report.photo, alt: '' }) : null,
    report.photoError ? el('div', { class: 'error' }, reason(undefined, report.photoError)) : null,
    report.error && report.state !== 'sent' ? el('div', { class: 'error', 'data-code': report.errorCode ?? '' }, reason(report.errorCode, report.error)) : null,
    // a refusal (outside the city, unknown category) would be refused again: no retry button for it
    report.state === 'auth'
      ? el(
          'button',
          {
            type: 'button',
            onclick: async () => {
              await requeue(report.key);
              void syncReports();
            },
          },
          t.retry,
        )
      : null,
  );
}

/** Redraws the queue list into `host` (newest first); `label` names a category code. */
export async function renderQueue(host: HTMLElement, label: (category: string) => string = (code) => code) {
  const t = m().queue;
  const reports = (await listReports()).reverse();
  const counts = reports.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.state]: (acc[r.state] ?? 0) + 1 }), {});
  host.replaceChildren(
    el(
      'h2',
      {},
      t.title,
      el(
        'small',
        { id: 'queue-counts' },
        ` ${Object.entries(counts)
          .map(([s, n]) => `${t.states[s as QueuedReport['state']]} ${n}`)
          .join(' · ')}`,
      ),
    ),
    reports.length ? el('ol', { id: 'queue-list' }, ...reports.map((report) => item(report, label))) : el('p', { class: 'muted' }, t.empty),
  );
}
