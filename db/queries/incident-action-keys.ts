import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { withTransaction, type Database, type Db } from '../client.ts';
import * as schema from '../schema/index.ts';

/** What a claimed key found: a first use (go ahead), or the earlier action under the same key. */
export type ActionKeyClaim = { kind: 'new' } | { kind: 'existing'; incidentId: number; sameRequest: boolean };

/**
 * Claims an action's idempotency key inside the caller's transaction (`db` is the transaction's client).
 * The insert waits on the primary key while another transaction holds the same key, so two sends of one
 * queued action never both apply: the second sees the first's committed row (replay) or, if the first
 * rolled back (the action was refused), claims the key itself. Nothing is kept for a refused action.
 *
 * @example
 * const claim = await claimActionKey(tx, { owner: 'u42', key: 'act-…', incidentId: 7, action: 'accept', hash });
 * if (claim.kind === 'existing' && !claim.sameRequest) throw idempotencyConflict('Idempotency-Key');
 */
export async function claimActionKey(db: Db, claim: { owner: string; key: string; incidentId: number; action: string; hash: string }): Promise<ActionKeyClaim> {
  const inserted = await db.execute<{ key: string }>(sql`
    INSERT INTO incident_action_keys (owner, key, incident_id, action, request_hash)
    VALUES (${claim.owner}, ${claim.key}, ${claim.incidentId}, ${claim.action}, ${claim.hash})
    ON CONFLICT (owner, key) DO NOTHING RETURNING key`);
  if (inserted.rows.length) return { kind: 'new' };
  const existing = await db.execute<{ incidentId: number; hash: string }>(sql`
    SELECT incident_id AS "incidentId", request_hash AS hash FROM incident_action_keys
    WHERE owner = ${claim.owner} AND key = ${claim.key}`);
  const row = existing.rows[0];
  // the row cannot vanish between the two statements: keys are only deleted with their incident
  if (!row) throw new Error(`idempotency key ${claim.key} conflicted but is not stored`);
  return { kind: 'existing', incidentId: row.incidentId, sameRequest: row.hash === claim.hash };
}

/**
 * Runs `work` in one transaction with a Drizzle handle on that transaction's connection, so an action's
 * key claim, its transition, history event and live event commit together or not at all (a thrown
 * ApiError rolls the key back too).
 *
 * @example
 * await inActionTransaction(database, async (tx) => { await claimActionKey(tx, claim); await applyTransition(tx, …); });
 */
export function inActionTransaction<T>(database: Pick<Database, 'pool'>, work: (tx: Db) => Promise<T>): Promise<T> {
  return withTransaction(database, (client) => work(drizzle(client, { schema }) as unknown as Db));
}
