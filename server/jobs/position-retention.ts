import type { Database } from '../../db/client.ts';
import { deleteOldPositions } from '../../db/queries/positions.ts';
import { logger } from '../../core/log.ts';

/**
 * Deletes grid workers' positions older than `days` (POSITION_RETENTION_DAYS) every `intervalMs`
 * (default hourly) and once at start. Positions are personal data kept for a set purpose and period, so
 * the server deletes them itself instead of relying on an operator. Every server process may run it:
 * the DELETE is idempotent, a second process just finds nothing left.
 *
 * @example
 * const job = startPositionRetention(database, { days: env.POSITION_RETENTION_DAYS }); // … job.stop()
 */
export function startPositionRetention(database: Database, options: { days: number; intervalMs?: number }) {
  // the run in progress, if any: a second call (the timer, a test) waits for it instead of starting another
  let current: Promise<void> | undefined;
  const run = (): Promise<void> =>
    (current ??= (async () => {
      try {
        const deleted = await deleteOldPositions(database.db, options.days);
        if (deleted.positions + deleted.onDuty > 0) logger.info('old worker positions deleted', { ...deleted, days: options.days });
      } catch (error) {
        logger.warn('position retention run failed', { error: String(error) });
      } finally {
        current = undefined;
      }
    })());
  const timer = setInterval(() => void run(), options.intervalMs ?? 3600_000);
  timer.unref();
  void run();
  return { run, stop: () => clearInterval(timer) };
}
