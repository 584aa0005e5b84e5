/**
 * Workflow actions taken on the phone (接单, 处置反馈, 申请延期) wait in the outbox like reports: each has
 * an idempotency key from the moment it is made, so a retry after a lost reply is answered, not applied
 * again. A refusal (the case was reassigned or moved on: 409/404) marks the action failed with the
 * server's reason and is not retried; the case itself is unchanged on the server.
 */
import type { ActionRequest } from '../../core/contracts/incidents.ts';
import { ApiRequestError } from '../kit/http.ts';
import { api } from './api.ts';
import { changed, db, failureOf, permanent, type ActionState, type QueuedAction } from './queue-db.ts';

/** Every stored action, oldest first. */
export const listActions = async (): Promise<QueuedAction[]> => (await db()).getAllFromIndex('actions', 'createdAt');

async function save(action: QueuedAction) {
  await (await db()).put('actions', action);
  changed();
}

/**
 * Stores an action on a case (state queued) with a fresh key; `syncActions` sends it.
 *
 * @example
 * await enqueueAction({ id: 7, code: 'SY2026…' }, { action: 'accept' });
 */
export async function enqueueAction(incident: { id: number; code: string }, body: ActionRequest, photos: string[] = []): Promise<QueuedAction> {
  const action: QueuedAction = {
    key: `act-${crypto.randomUUID()}`,
    createdAt: new Date().toISOString(),
    incidentId: incident.id,
    incidentCode: incident.code,
    body,
    photos,
    state: 'queued',
    attempts: 0,
  };
  await save(action);
  return action;
}

/** Actions still to send (or whose photos are): what the inbox shows as 待发送 on a case. */
export const pendingActions = async () =>
  (await listActions()).filter((a) => a.state !== 'failed' && (a.state !== 'sent' || (a.photos.length > 0 && !a.photosSent)));

/**
 * Sends queued actions in creation order, then their photos; stops at the first network error. Returns
 * how many actions were sent now. Called by queue.ts's `syncReports` (one run at a time).
 */
export async function syncActions(): Promise<number> {
  let sent = 0;
  for (const action of await listActions()) {
    if (!navigator.onLine) break;
    if (action.state === 'sent' && action.photos.length && !action.photosSent) {
      try {
        await api.attach(action.incidentId, 'feedback', action.photos, `${action.key}-photos`);
        await save({ ...action, photosSent: true });
      } catch (error) {
        if (!permanent(error)) break;
        await save({ ...action, photosSent: true, ...failureOf(error) }); // refused photos: said, not retried
      }
      continue;
    }
    if (action.state === 'sent' || action.state === 'failed') continue;
    const attempt = { ...action, attempts: action.attempts + 1 };
    await save({ ...attempt, state: 'sending' });
    try {
      await api.act(action.incidentId, action.body, action.key);
      await save({ ...attempt, state: 'sent', error: undefined, errorCode: undefined });
      sent++;
      if (action.photos.length) {
        await api.attach(action.incidentId, 'feedback', action.photos, `${action.key}-photos`).then(
          () => save({ ...attempt, state: 'sent', photosSent: true }),
          (error: unknown) => (permanent(error) ? save({ ...attempt, state: 'sent', photosSent: true, ...failureOf(error) }) : undefined),
        );
      }
    } catch (error) {
      const state: ActionState = permanent(error) ? 'failed' : error instanceof ApiRequestError && error.status === 401 ? 'auth' : 'queued';
      await save({ ...attempt, state, ...failureOf(error) });
      if (state !== 'failed') break; // offline, signed out or server trouble: try again later
    }
  }
  return sent;
}

/** Actions left in `sending` or waiting for a login go back in line (their key keeps them single). */
export async function recoverActions() {
  for (const action of await listActions()) if (action.state === 'sending' || action.state === 'auth') await save({ ...action, state: 'queued' });
}
