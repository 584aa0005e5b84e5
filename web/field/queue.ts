/**
 * Reports survive going offline: each is stored in IndexedDB the moment it is made, with an
 * idempotency key generated at creation, and sent when the connection is there. A report is sent
 * until the server answers it; the key makes every retry (a lost reply, a reload mid-send, a second
 * tab) return the first incident instead of creating another, so each report is stored exactly once.
 * Its photo follows once the case exists, under a key of its own (also exactly once). The same run
 * sends the queued workflow actions (action-queue.ts).
 */
import type { CreateIncident } from '../../core/contracts/incidents.ts';
import { ApiRequestError } from '../kit/http.ts';
import { api } from './api.ts';
import { recoverActions, syncActions } from './action-queue.ts';
import { changed, db, failureOf, permanent, type QueuedReport, type ReportState } from './queue-db.ts';

export type { QueuedReport, ReportState } from './queue-db.ts';
export { onQueueChange } from './queue-db.ts';

/** Every stored report, oldest first. */
export const listReports = async (): Promise<QueuedReport[]> => (await db()).getAllFromIndex('reports', 'createdAt');

/** Stores a new report (state queued) with a fresh idempotency key; sending is `syncReports`' job. */
export async function enqueueReport(body: CreateIncident, photo: string | null): Promise<QueuedReport> {
  const report: QueuedReport = {
    key: `field-${crypto.randomUUID()}`,
    createdAt: new Date().toISOString(),
    body: { ...body, occurredAt: body.occurredAt ?? new Date().toISOString() },
    photo,
    state: 'queued',
    attempts: 0,
  };
  await save(report);
  return report;
}

async function save(report: QueuedReport) {
  await (await db()).put('reports', report);
  changed();
}

/** Uploads a sent report's photo; false when the network failed (try again next run). */
async function sendPhoto(report: QueuedReport): Promise<boolean> {
  try {
    await api.attach(report.incidentId!, 'report', [report.photo!], `${report.key}-photo`);
    await save({ ...report, photoSent: true });
  } catch (error) {
    if (!permanent(error)) return false;
    await save({ ...report, photoError: failureOf(error).error }); // refused (too big, case not visible): not retried
  }
  return true;
}

async function sendReports(): Promise<number> {
  let sent = 0;
  for (const report of await listReports()) {
    if (!navigator.onLine) break;
    if (report.state === 'sent' && report.photo && !report.photoSent && !report.photoError && report.incidentId) {
      if (!(await sendPhoto(report))) break;
      continue;
    }
    if (report.state === 'sent' || report.state === 'rejected') continue;
    await save({ ...report, state: 'sending', attempts: report.attempts + 1 });
    try {
      const result = await api.report(report.body, report.key);
      const done: QueuedReport = {
        ...report,
        state: 'sent',
        attempts: report.attempts + 1,
        incidentId: result.id,
        incidentCode: result.code,
        error: undefined,
        errorCode: undefined,
      };
      await save(done);
      sent++;
      if (done.photo && !(await sendPhoto(done))) break;
    } catch (error) {
      const state: ReportState = permanent(error) ? 'rejected' : error instanceof ApiRequestError && error.status === 401 ? 'auth' : 'queued';
      await save({ ...report, state, attempts: report.attempts + 1, ...failureOf(error) });
      if (state !== 'rejected') break; // offline, signed out or server trouble: try again later
    }
  }
  return sent;
}

let running: Promise<number> | undefined;
let again = false;

/**
 * Sends every unsent report (and photo), then every queued action, in creation order; returns how many
 * reports and actions were sent now. One run at a time per tab, and one across tabs (Web Locks) when
 * the browser has them. Stops at the first network error.
 */
export function syncReports(): Promise<number> {
  const run = async () => (await sendReports()) + (await syncActions());
  if (running) {
    again = true; // a report made during a run is picked up by one more pass
    return running;
  }
  const locked = () => (navigator.locks ? navigator.locks.request('pingan-field-sync', run) : run());
  running = (async () => {
    let total = 0;
    do {
      again = false;
      total += await locked();
    } while (again && navigator.onLine);
    return total;
  })().finally(() => {
    running = undefined;
  });
  return running;
}

/** Puts a report that needed a login back in line. */
export async function requeue(key: string) {
  const report = await (await db()).get('reports', key);
  if (report && report.state !== 'sent') await save({ ...report, state: 'queued' });
}

/** Reports and actions left in `sending` by a page that closed mid-request are queued again (the key keeps them single). */
export async function recoverInterrupted() {
  for (const report of await listReports()) if (report.state === 'sending' || report.state === 'auth') await requeue(report.key);
  await recoverActions();
}
