import type { Database } from '../../db/client.ts';
import { claimDeliveries, markFailed, markSent, type ClaimedDelivery } from '../../db/queries/notifications.ts';
import { logger } from '../../core/log.ts';

export interface DeliverOptions {
  webhookUrl?: string;
  maxAttempts: number;
  /** first retry after this many seconds, doubling per attempt up to an hour (default 5) */
  baseDelaySeconds?: number;
  /** a claimed delivery is this process's for this long (default 30 s; longer than the webhook timeout) */
  leaseSeconds?: number;
  timeoutMs?: number;
  batch?: number;
}

/** Sends one delivery on its channel; resolves with what was sent, throws on failure. */
async function send(delivery: ClaimedDelivery, options: DeliverOptions): Promise<Record<string, unknown>> {
  const notice = delivery.notification;
  const message = {
    id: notice.id,
    kind: notice.kind,
    incidentId: notice.incident_id,
    recipient: { kind: notice.recipient_kind, code: notice.recipient_code },
    payload: notice.payload,
    createdAt: notice.created_at,
  };
  if (delivery.channel === 'log') {
    logger.info('notification', { notification: notice.id, kind: notice.kind, incident: notice.incident_id, recipient: notice.recipient_code });
    return { channel: 'log', kind: notice.kind };
  }
  if (!options.webhookUrl) throw new Error('NOTIFY_WEBHOOK_URL is not set');
  // The receiver may see a delivery twice only if this process died between its answer and the record;
  // the key lets it drop the repeat.
  const response = await fetch(options.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `pingan-notification-${delivery.id}` },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return { channel: 'webhook', url: options.webhookUrl, status: response.status, idempotencyKey: `pingan-notification-${delivery.id}`, kind: notice.kind };
}

/**
 * Delivers the due notices once: claims them (several processes may run this at once), sends each on its
 * channel and records the result — sent with what was sent, or retried later with exponential backoff,
 * or given up after `maxAttempts`. Returns how many were sent and how many failed this round.
 *
 * @example
 * await deliverDue(database, { webhookUrl: env.NOTIFY_WEBHOOK_URL, maxAttempts: env.NOTIFY_MAX_ATTEMPTS });
 */
export async function deliverDue(database: Database, options: DeliverOptions): Promise<{ sent: number; failed: number }> {
  const claimed = await claimDeliveries(database.db, options.batch ?? 50, options.leaseSeconds ?? 30);
  let sent = 0;
  let failed = 0;
  await Promise.all(
    claimed.map(async (delivery) => {
      try {
        const record = await send(delivery, options);
        await markSent(database.db, delivery.id, record);
        sent++;
      } catch (error) {
        failed++;
        const delay = Math.min(3600, (options.baseDelaySeconds ?? 5) * 2 ** (delivery.attempts - 1));
        await markFailed(database.db, delivery.id, String(error instanceof Error ? error.message : error), delay, options.maxAttempts, delivery.attempts);
      }
    }),
  );
  return { sent, failed };
}
