/** #18 item 1: which server a read goes to — the rules of RoutedPool, on stand-in pools. */
import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { lsnValue, RoutedPool, withReadDemand } from '../../db/read-replicas.ts';
import { tileDemand } from '../../server/middleware/read-consistency.ts';

/** A stand-in pool: answers the router's poll with `state`, every other statement with its own name. */
function fakePool(name: string, state: { lsn: string; versions: Record<string, number>; down?: boolean }) {
  return {
    async query(text: string) {
      if (state.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55433'), { code: 'ECONNREFUSED' });
      if (text.includes('pg_is_in_recovery')) return { rows: [{ lsn: state.lsn, lag: 0, versions: state.versions }] };
      return { rows: [{ from: name }] };
    },
    async connect() {
      return { from: name };
    },
    async end() {},
    on() {},
  } as unknown as pg.Pool;
}

async function routed(replicaState: { lsn: string; versions: Record<string, number>; down?: boolean }) {
  const pool = new RoutedPool(fakePool('primary', { lsn: '0/0', versions: {} }), [{ pool: fakePool('replica', replicaState), versions: {} }], 60_000);
  await pool.poll();
  const from = async () => ((await pool.query('SELECT 1')).rows[0] as { from: string }).from;
  return { pool, from };
}

describe('read routing', () => {
  it('compares WAL positions as numbers across the high and low halves', () => {
    expect(lsnValue('1/0')! > lsnValue('0/FFFFFFFF')!).toBe(true);
    expect(lsnValue('0/A18DCE0')).toBe(0xa18dce0n);
    expect(lsnValue('garbage')).toBeUndefined();
    expect(lsnValue('1/2/3')).toBeUndefined();
  });

  it('reads from the replica unless the caller wrote past what it replayed', async () => {
    const { pool, from } = await routed({ lsn: '0/3000100', versions: {} });
    expect(await from()).toBe('replica');
    expect(await withReadDemand({ minLsn: '0/3000100' }, from)).toBe('replica');
    expect(await withReadDemand({ minLsn: '0/3000101' }, from)).toBe('primary');
    expect(pool.stats).toMatchObject({ replica: 2, primary: 1, behind: 1 });
    await pool.end();
  });

  it('sends a versioned tile to the primary while the replica holds an older version of its layer', async () => {
    const { pool, from } = await routed({ lsn: '0/1', versions: { grid_cells: 5 } });
    expect(await withReadDemand({ tile: tileDemand('/tiles/grid_cells/14/13818/6096.pbf', '5') }, from)).toBe('replica');
    expect(await withReadDemand({ tile: tileDemand('/tiles/grid_cells/14/13818/6096.pbf', '6') }, from)).toBe('primary');
    await pool.end();
  });

  it('reads again on the primary when the replica is down, and keeps transactions on the primary', async () => {
    const state = { lsn: '0/1', versions: {}, down: false };
    const { pool, from } = await routed(state);
    state.down = true;
    expect(await from()).toBe('primary');
    expect(pool.stats.retried).toBe(1);
    // taken out until a poll sees it again: no second failed attempt
    expect(await from()).toBe('primary');
    expect(pool.stats.retried).toBe(1);
    expect(((await pool.connect()) as unknown as { from: string }).from).toBe('primary');
    await pool.end();
  });

  it('knows a versioned tile URL (with or without .pbf) and ignores anything else', () => {
    expect(tileDemand('/tiles/districts/10/843/388', '3')).toEqual({ layer: 'districts', version: 3 });
    expect(tileDemand('/tiles/districts/10/843/388.pbf', '3')).toEqual({ layer: 'districts', version: 3 });
    expect(tileDemand('/tiles/districts/10/843/388', undefined)).toBeUndefined();
    expect(tileDemand('/tiles/districts/10/843/388', '-1')).toBeUndefined();
    expect(tileDemand('/tiles/districts.json', '3')).toBeUndefined();
  });
});
