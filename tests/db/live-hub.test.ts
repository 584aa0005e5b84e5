import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { connectTestDatabase } from '../support/database.ts';
import { LiveHub } from '../../db/live/hub.ts';
import type { LiveEventRow } from '../../db/queries/live.ts';

const database = connectTestDatabase();
const marker = 999_000_000 + Math.floor(Math.random() * 100_000); // incident_id of this file's events
afterAll(async () => {
  await database.pool.query('DELETE FROM live_events WHERE incident_id = $1', [marker]);
  await database.close();
});

const insertEvent = (client: pg.Pool | pg.PoolClient, n: number) =>
  client.query(
    `WITH e AS (INSERT INTO live_events (kind, incident_id, payload) VALUES ('created', $1, json_build_object('n', $2::int)) RETURNING id)
     SELECT pg_notify('live_events', id::text), id FROM e`,
    [marker, n],
  );

function collect(hub: LiveHub) {
  const got: LiveEventRow[] = [];
  let wake: (() => void) | null = null;
  const subscription = hub.subscribe((rows) => {
    got.push(...rows.filter((r) => r.incidentId === marker));
    wake?.();
  });
  const waitFor = async (count: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (got.length < count && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 20);
      });
    }
    return got.map((r) => (r.payload as { n: number }).n);
  };
  return { subscription, waitFor };
}

describe('LiveHub', () => {
  it(`is woken by ${database.mode === 'postgis' ? 'NOTIFY (no poll for a minute)' : 'its 200 ms poll (NOTIFY does not cross PGlite connections)'}`, async () => {
    const hub = new LiveHub(database, database.mode === 'postgis' ? { pollMs: 60_000 } : {});
    const { subscription, waitFor } = collect(hub);
    const { unsubscribe } = await subscription;
    try {
      await insertEvent(database.pool, 1);
      // On PostGIS the poll is a minute away, so a delivery within 20 s can only come from NOTIFY.
      expect(await waitFor(1, 20_000)).toEqual([1]);
    } finally {
      unsubscribe();
    }
  });

  it('delivers in id order when a later id commits first', async () => {
    const hub = new LiveHub(database, { pollMs: 50, gapWaitMs: 5000 });
    const { subscription, waitFor } = collect(hub);
    const { unsubscribe } = await subscription;
    try {
      if (database.mode === 'postgis') {
        const slow = await database.pool.connect();
        try {
          await slow.query('BEGIN');
          await insertEvent(slow, 1); // takes the lower id, commits last
          await insertEvent(database.pool, 2);
          await new Promise((r) => setTimeout(r, 300));
          expect(await waitFor(1, 10)).toEqual([]); // 2 is held back behind the open gap
          await slow.query('COMMIT');
        } finally {
          slow.release();
        }
      } else {
        // PGlite serializes transactions across connections: commits cannot overtake each other.
        await insertEvent(database.pool, 1);
        await insertEvent(database.pool, 2);
      }
      expect(await waitFor(2, 3000)).toEqual([1, 2]);
    } finally {
      unsubscribe();
    }
  });

  it('skips a gap left by a rolled-back insert after the wait', async () => {
    const hub = new LiveHub(database, { pollMs: 50, gapWaitMs: 300 });
    const { subscription, waitFor } = collect(hub);
    const { unsubscribe } = await subscription;
    try {
      const client = await database.pool.connect();
      try {
        await client.query('BEGIN');
        await insertEvent(client, 1);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
      await insertEvent(database.pool, 2);
      expect(await waitFor(1, 3000)).toEqual([2]);
    } finally {
      unsubscribe();
    }
  });
});
