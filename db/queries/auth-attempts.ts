import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';

/**
 * Login attempt counters in `login_attempts`, shared by every server process. An attempt is counted
 * (reserved) BEFORE its password is checked, in one statement that increments and returns the count,
 * so parallel guesses cannot all read "4 of 5" and all go on to the hash: the sixth of any number of
 * parallel attempts sees 6 and is refused. A counter's window opens at its first attempt and lasts
 * `windowMinutes`; a successful login gives its reservation back (`releaseLoginAttempt`).
 */
export interface LoginLimit {
  key: string;
  max: number;
}

/** One counter after a reservation: attempts in the window including this one, and seconds left. */
export interface Reservation extends LoginLimit {
  attempts: number;
  retryAfter: number;
}

/**
 * Counts this attempt against each key atomically and returns every counter (in the order given);
 * a key whose window has passed starts a new one. Keys must be distinct; callers list them in one
 * fixed order (most specific first) so concurrent reservations lock rows in the same order.
 *
 * @example
 * const [pair, ip] = await reserveLoginAttempt(db, [{ key: 'user:li|10.0.0.1', max: 5 }, { key: 'ip:10.0.0.1', max: 30 }], 15);
 * if (pair.attempts > pair.max) refuse(pair.retryAfter);
 */
export async function reserveLoginAttempt(db: Db, limits: LoginLimit[], windowMinutes: number): Promise<Reservation[]> {
  const rows = sql.join(
    limits.map((limit) => sql`(${limit.key}, 1, now())`),
    sql`, `,
  );
  const window = sql`make_interval(mins => ${windowMinutes}::int)`;
  const expired = sql`login_attempts.window_start <= now() - ${window}`;
  const result = await db.execute<{ key: string; attempts: number; retry: number }>(sql`
    INSERT INTO login_attempts (key, failures, window_start) VALUES ${rows}
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN ${expired} THEN 1 ELSE login_attempts.failures + 1 END,
      window_start = CASE WHEN ${expired} THEN now() ELSE login_attempts.window_start END
    RETURNING key, failures AS attempts,
      greatest(1, ceil(extract(epoch FROM window_start + ${window} - now())))::int AS retry`);
  const byKey = new Map(result.rows.map((row) => [row.key, row]));
  return limits.map((limit) => {
    const row = byKey.get(limit.key)!;
    return { ...limit, attempts: Number(row.attempts), retryAfter: Number(row.retry) };
  });
}

/**
 * After a successful login: forgets the counters in `forget` (the account at this address), gives the
 * reservation back on the `refund` counters (shared ones: the address, the account overall), and
 * prunes day-old counters.
 *
 * @example
 * await releaseLoginAttempt(db, { forget: ['user:li|10.0.0.1'], refund: ['account:li', 'ip:10.0.0.1'] });
 */
export async function releaseLoginAttempt(db: Db, keys: { forget: string[]; refund: string[] }): Promise<void> {
  const list = (values: string[]) =>
    sql.join(
      values.map((key) => sql`${key}`),
      sql`, `,
    );
  await db.execute(sql`DELETE FROM login_attempts WHERE key IN (${list(keys.forget)}) OR window_start < now() - interval '1 day'`);
  if (keys.refund.length) {
    await db.execute(sql`UPDATE login_attempts SET failures = greatest(failures - 1, 0) WHERE key IN (${list(keys.refund)})`);
  }
}
