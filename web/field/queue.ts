/**
 * Reports survive going offline: each is stored in IndexedDB the moment it is made, with an
 * idempotency key generated at creation, and sent when the connection is there. A report is sent
 * until the server answers it; the key makes every retry (a lost reply, a reload mid-send, a second
 * tab) return the first incident instead of creating another, so each report is stored exactly once.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CreateIncident } from '../../core/contracts/incidents.ts';
import { ApiRequestError } from '../kit/http.ts';
import { api } from './api.ts';

export type ReportState = 'queued' | 'sending' | 'sent' | 'rejected' | 'auth';

export interface QueuedReport {
  /** the idempotency key, also the IndexedDB key */
  key: string;
  createdAt: string;
  body: CreateIncident;
  /** a JPEG data URL, kept on the device only */
  photo: string | null;
  state: ReportState;
  attempts: number;
  incidentId?: number;
  incidentCode?: string;
  error?: string;
}

interface QueueDb extends DBSchema {
  reports: { key: string; value: QueuedReport; indexes: { createdAt: string } };
}

let dbPromise: Promise<IDBPDatabase<QueueDb>> | undefined;
const db = () =>
  (dbPromise ??= openDB<QueueDb>('pingan-field', 1, {
    upgrade(database) {
      database.createObjectStore('reports', { keyPath: 'key' }).createIndex('createdAt', 'createdAt');
    },
  }));

const listeners = new Set<() => void>();
export const onQueueChange = (listener: () => void) => listeners.add(listener);
const changed = () => listeners.forEach((listener) => listener());

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
  await (await db()).put('reports', report);
  changed();
  return report;
}

async function save(report: QueuedReport) {
  await (await db()).put('reports', report);
  changed();
}

/** A failure that will not go away by retrying (bad category, outside the city, …). */
const permanent = (error: unknown) => error instanceof ApiRequestError && error.status >= 400 && error.status < 500 && ![401, 403, 408, 429].includes(error.status);

let running: Promise<number> | undefined;
let again = false;

/**
 * Sends every unsent report in creation order; returns how many were sent now. One run at a time per
 * tab, and one across tabs (Web Locks) when the browser has them. Stops at the first network error.
 */
export function syncReports(): Promise<number> {
  const run = async () => {
    let sent = 0;
    for (const report of await listReports()) {
      if (report.state === 'sent' || report.state === 'rejected') continue;
      if (!navigator.onLine) break;
      await save({ ...report, state: 'sending', attempts: report.attempts + 1 });
      try {
        const result = await api.report(report.body, report.key);
        await save({ ...report, state: 'sent', attempts: report.attempts + 1, incidentId: result.id, incidentCode: result.code, error: undefined });
        sent++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const state: ReportState = permanent(error) ? 'rejected' : error instanceof ApiRequestError && error.status === 401 ? 'auth' : 'queued';
        await save({ ...report, state, attempts: report.attempts + 1, error: message });
        if (state !== 'rejected') break; // offline, signed out or server trouble: try again later
      }
    }
    return sent;
  };
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

/** Puts a report that needed a login (or was interrupted mid-send by a reload) back in line. */
export async function requeue(key: string) {
  const report = await (await db()).get('reports', key);
  if (report && report.state !== 'sent') await save({ ...report, state: 'queued' });
}

/** Reports left in `sending` by a page that closed mid-request are queued again (the key keeps them single). */
export async function recoverInterrupted() {
  for (const report of await listReports()) if (report.state === 'sending' || report.state === 'auth') await requeue(report.key);
}
