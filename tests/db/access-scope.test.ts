import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, like } from 'drizzle-orm';
import { connectTestDatabase } from '../support/database.ts';
import { A, B, grids, insertAccessFixture, removeAccessFixture, workers } from '../support/access-fixture.ts';
import { areaExists, scopeCondition, workerCommunity } from '../../db/queries/scope.ts';
import { incidents } from '../../db/schema/incidents.ts';
import { gridWorkers } from '../../db/schema/people.ts';
import type { Principal } from '../../core/access/roles.ts';

const database = connectTestDatabase();
beforeAll(() => insertAccessFixture(database));
afterAll(async () => {
  await removeAccessFixture(database);
  await database.close();
});

const incidentColumns = {
  district: incidents.districtCode,
  street: incidents.streetCode,
  community: incidents.communityCode,
  grid: incidents.gridCode,
};

async function visibleIncidentGrids(principal: Principal, columns: Parameters<typeof scopeCondition>[1] = incidentColumns) {
  const rows = await database.db
    .select({ grid: incidents.gridCode })
    .from(incidents)
    .where(and(like(incidents.code, 'AX-INC-%'), scopeCondition(principal, columns)));
  return rows.map((row) => row.grid).sort();
}

describe('scopeCondition (in SQL)', () => {
  it('gives admin, planner, public and a city commander every row', async () => {
    for (const principal of [
      { role: 'admin', scopeCode: null },
      { role: 'planner', scopeCode: null },
      { role: 'public', scopeCode: null },
      { role: 'commander', scopeCode: null },
    ] as Principal[]) {
      expect(await visibleIncidentGrids(principal)).toEqual(Object.values(grids).sort());
    }
  });

  it('limits a district or street commander to their area, with any subset of code columns', async () => {
    const inA = [grids.a1, grids.a2, grids.a2b].sort();
    for (const scopeCode of [A.district, A.street]) {
      const commander: Principal = { role: 'commander', scopeCode };
      expect(await visibleIncidentGrids(commander)).toEqual(inA);
      expect(await visibleIncidentGrids(commander, { grid: incidents.gridCode })).toEqual(inA); // prefix on a finer column
    }
    expect(await visibleIncidentGrids({ role: 'commander', scopeCode: B.district })).toEqual([grids.b1]);
  });

  it('limits a grid worker to their community plus the grids assigned to them', async () => {
    const worker: Principal = { role: 'grid_worker', scopeCode: A.community1, workerCode: workers.a1 };
    expect(await visibleIncidentGrids(worker)).toEqual([grids.a1, grids.a2b].sort());
    // without a grid column only the community applies
    expect(await visibleIncidentGrids(worker, { community: incidents.communityCode })).toEqual([grids.a1]);
    expect(await visibleIncidentGrids({ role: 'grid_worker', scopeCode: null })).toEqual([]);
  });

  it('refuses to guess when the query has no column fine enough for the scope', () => {
    expect(() => scopeCondition({ role: 'commander', scopeCode: A.street }, { district: incidents.districtCode })).toThrow(/street \(or finer\) column/);
  });

  it('filters other tables by their own columns', async () => {
    const rows = await database.db
      .select({ code: gridWorkers.code })
      .from(gridWorkers)
      .where(and(like(gridWorkers.code, 'AX-GW-%'), scopeCondition({ role: 'commander', scopeCode: A.street }, { community: gridWorkers.communityCode })));
    expect(rows.map((row) => row.code).sort()).toEqual([workers.a1, workers.a2]);
  });
});

describe('scope references', () => {
  it('checks that area codes exist at their level', async () => {
    expect(await areaExists(database.db, A.district)).toBe(true);
    expect(await areaExists(database.db, A.community1)).toBe(true);
    expect(await areaExists(database.db, '980300')).toBe(false);
    expect(await areaExists(database.db, 'abc')).toBe(false);
    expect(await workerCommunity(database.db, workers.a2)).toBe(A.community2);
    expect(await workerCommunity(database.db, 'nobody')).toBeUndefined();
  });
});
