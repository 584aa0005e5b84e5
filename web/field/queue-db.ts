/**
 * The phone's outbox in IndexedDB: reports (queue.ts) and workflow actions (action-queue.ts), each
 * stored the moment it is made with its idempotency key, sent when the connection is there.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ActionRequest, CreateIncident } from '../../core/contracts/incidents.ts';
import { ApiRequestError } from '../kit/http.ts';

export type ReportState = 'queued' | 'sending' | 'sent' | 'rejected' | 'auth';

export interface QueuedReport {
  /** the idempotency key, also the IndexedDB key */
  key: string;
  createdAt: string;
  body: CreateIncident;
  /** a JPEG data URL, uploaded once the report exists (exactly once: its own key) */
  photo: string | null;
  state: ReportState;
  attempts: number;
  incidentId?: number;
  incidentCode?: string;
  /** the photo reached the server */
  photoSent?: boolean;
  /** the server refused the photo (kept on the phone, not retried) */
  photoError?: string;
  error?: string;
  /** the API's error code of a refusal (its Chinese text comes from i18n.ts) */
  errorCode?: string;
}

export type ActionState = 'queued' | 'sending' | 'sent' | 'failed' | 'auth';

export interface QueuedAction {
  key: string;
  createdAt: string;
  incidentId: number;
  incidentCode: string;
  body: ActionRequest;
  /** report-back photos (JPEG data URLs), uploaded after the action with their own key */
  photos: string[];
  photosSent?: boolean;
  state: ActionState;
  attempts: number;
  error?: string;
  errorCode?: string;
}

interface QueueDb extends DBSchema {
  reports: { key: string; value: QueuedReport; indexes: { createdAt: string } };
  actions: { key: string; value: QueuedAction; indexes: { createdAt: string } };
}

let dbPromise: Promise<IDBPDatabase<QueueDb>> | undefined;
/** The outbox database (version 2 added `actions`; reports of version 1 are kept). */
export const db = () =>
  (dbPromise ??= openDB<QueueDb>('pingan-field', 2, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) database.createObjectStore('reports', { keyPath: 'key' }).createIndex('createdAt', 'createdAt');
      if (oldVersion < 2) database.createObjectStore('actions', { keyPath: 'key' }).createIndex('createdAt', 'createdAt');
    },
  }));

const listeners = new Set<() => void>();
/** Calls `listener` after every change of the outbox. */
export const onQueueChange = (listener: () => void) => listeners.add(listener);
/** Tells the listeners (lists redraw). */
export const changed = () => listeners.forEach((listener) => listener());

/**
 * A refusal that will not go away by retrying (bad category, outside the city, case reassigned, …):
 * 4xx other than 401/403/408/429.
 *
 * @example
 * if (permanent(error)) markFailed(item, error);
 */
export const permanent = (error: unknown) =>
  error instanceof ApiRequestError && error.status >= 400 && error.status < 500 && ![401, 403, 408, 429].includes(error.status);

/** The error's code and message for storage. */
export const failureOf = (error: unknown) => ({
  error: error instanceof Error ? error.message : String(error),
  errorCode: error instanceof ApiRequestError ? error.code : undefined,
});
