import type { Database } from '../../db/client.ts';
import { escalateOverdue } from '../../db/queries/incidents-workflow.ts';
import { pruneLiveEvents } from '../../db/queries/live.ts';
import { logger } from '../../core/log.ts';
import type { Channel } from '../../db/queries/notifications.ts';

/**
 * Runs the overdue escalation every `intervalMs` (and prunes week-old live events hourly) in this
 * process. Every server process may run it: each case is claimed by exactly one UPDATE per level
 * (db/queries/incidents-workflow.ts), so several processes never escalate twice.
 *
 * @example
 * const job = startEscalationJob(database); // … job.stop() on shutdown
 */
export function startEscalationJob(database: Database, options: { intervalMs?: number; channels?: readonly Channel[] } = {}) {
  let running = false;
  let lastPrune = 0;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const escalated = await escalateOverdue(database.db, 500, options.channels);
      if (escalated.length > 0) logger.info('escalated overdue cases', { count: escalated.length, moved: escalated.filter((e) => e.moved).length });
      if (Date.now() - lastPrune > 3600_000) {
        lastPrune = Date.now();
        await pruneLiveEvents(database.db);
      }
    } catch (error) {
      logger.warn('escalation run failed', { error: String(error) });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), options.intervalMs ?? 30_000);
  timer.unref();
  void run();
  return { run, stop: () => clearInterval(timer) };
}
