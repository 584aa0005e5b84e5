import type { Database } from '../../db/client.ts';
import type { Env } from '../../core/env.ts';
import { logger } from '../../core/log.ts';
import { deliverDue } from '../workflow/deliver.ts';

/**
 * Delivers pending notifications every `intervalMs` (default 2 s) in this process. Every server process may
 * run it: deliveries are claimed with FOR UPDATE SKIP LOCKED and a lease (db/queries/notifications.ts).
 *
 * @example
 * const job = startNotifyJob(database, env); // … job.stop() on shutdown
 */
export function startNotifyJob(database: Database, env: Pick<Env, 'NOTIFY_WEBHOOK_URL' | 'NOTIFY_MAX_ATTEMPTS'>, options: { intervalMs?: number } = {}) {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const { sent, failed } = await deliverDue(database, { webhookUrl: env.NOTIFY_WEBHOOK_URL, maxAttempts: env.NOTIFY_MAX_ATTEMPTS });
      if (failed > 0) logger.warn('notification deliveries failed (will retry)', { sent, failed });
    } catch (error) {
      logger.warn('notification run failed', { error: String(error) });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), options.intervalMs ?? 2000);
  timer.unref();
  return { run, stop: () => clearInterval(timer) };
}
