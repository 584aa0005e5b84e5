import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';

/**
 * Failed-login counters in `login_attempts`, shared by every server process. A counter's window opens
 * at its first failure and lasts `windowMinutes`; a key with `max` failures inside its window is
 * blocked until the window ends.
 */
export interface LoginLimit {
  key: string;
  max: number;
}

/**
 * Seconds until the first of these keys unblocks; 0 when none is blocked.
 *
 * @example
 * const retryAfter = await loginRetryAfter(db, [{ key: 'user:li|10.0.0.1', max: 5 }], 15);
 */
export async function loginRetryAfter(db: Db, limits: LoginLimit[], windowMinutes: number): Promise<number> {
  const list = sql.join(limits.map((limit) => sql`(${limit.key}::text, ${limit.max}::int)`), sql`, `);
  const result = await db.execute<{ retry: number }>(sql`
    SELECT coalesce(max(ceil(extract(epoch FROM a.window_start + make_interval(mins => ${windowMinutes}::int) - now()))), 0)::int AS retry
    FROM login_attempts a JOIN (VALUES ${list}) AS l(key, max) ON l.key = a.key
    WHERE a.failures >= l.max AND a.window_start > now() - make_interval(mins => ${windowMinutes}::int)`);
  return Math.max(0, result.rows[0]?.retry ?? 0);
}

/**
 * Counts one failure against each key in one atomic statement (concurrent processes cannot lose
 * a count); a key whose window has passed starts a new one.
 *
 * @example
 * await recordLoginFailure(db, ['user:li|10.0.0.1', 'ip:10.0.0.1'], 15);
 */
export async function recordLoginFailure(db: Db, keys: string[], windowMinutes: number): Promise<void> {
  const rows = sql.join(keys.map((key) => sql`(${key}, 1, now())`), sql`, `);
  const expired = sql`login_attempts.window_start <= now() - make_interval(mins => ${windowMinutes}::int)`;
  await db.execute(sql`
    INSERT INTO login_attempts (key, failures, window_start) VALUES ${rows}
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN ${expired} THEN 1 ELSE login_attempts.failures + 1 END,
      window_start = CASE WHEN ${expired} THEN now() ELSE login_attempts.window_start END`);
}

/** Forgets the counters of these keys (after a successful login) and prunes day-old counters. */
export async function clearLoginFailures(db: Db, keys: string[]): Promise<void> {
  const list = sql.join(keys.map((key) => sql`${key}`), sql`, `);
  await db.execute(sql`DELETE FROM login_attempts WHERE key IN (${list}) OR window_start < now() - interval '1 day'`);
}
