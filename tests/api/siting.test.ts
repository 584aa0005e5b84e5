import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Scenario, SitingResult } from '../../core/contracts/planning-siting.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { insertPlanFixture, PLAN, removePlanFixture } from '../support/planning-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let planner: TestAccount;
let planner2: TestAccount;
let commander: TestAccount;

beforeAll(async () => {
  await insertPlanFixture(database);
  planner = await createAccount(database, { role: 'planner' }, 'siting');
  planner2 = await createAccount(database, { role: 'planner' }, 'siting');
  commander = await createAccount(database, { role: 'commander', scopeCode: null }, 'siting');
});
afterAll(async () => {
  await database.pool.query(`DELETE FROM siting_scenarios WHERE created_by = ANY($1)`, [[planner.username, planner2.username]]);
  await removeAccounts(database, [planner, planner2, commander]);
  await removePlanFixture(database);
  await database.close();
});

const send = async (method: string, path: string, body?: unknown, account = planner) => {
  const res = await app.request(path, {
    method,
    headers: { ...account.bearer, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  // TextDecoder keeps a byte-order mark only when told to (Response.text() would drop it)
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
};

/**
 * Exhaustive search on the fixture with an incidence built independently (ST_Distance ≤ r, no index):
 * the best households covered by any k candidates.
 */
async function optimum(kinds: string[], radius: number, k: number, candidates: 'compounds' | 'grids') {
  const location =
    candidates === 'compounds'
      ? `SELECT code, geom FROM compounds WHERE community_code LIKE '9701%'`
      : `SELECT code, ST_PointOnSurface(geom) AS geom FROM grid_cells WHERE code LIKE '9701%'`;
  const compounds = await database.pool.query<{ code: string; households: number; covered: boolean }>(
    `SELECT c.code, c.households, EXISTS (SELECT 1 FROM sites s WHERE s.kind = ANY($1::text[])
       AND ST_Distance(s.geom::geography, c.geom::geography) <= $2) AS covered
     FROM compounds c WHERE c.community_code LIKE '9701%' ORDER BY c.code`,
    [kinds, radius],
  );
  const pairs = await database.pool.query<{ candidate: string; compound: string }>(
    `SELECT l.code AS candidate, c.code AS compound FROM (${location}) l JOIN compounds c
       ON c.community_code LIKE '9701%' AND ST_Distance(l.geom::geography, c.geom::geography) <= $1`,
    [radius],
  );
  const weight = new Map(compounds.rows.map((c) => [c.code, c.households]));
  const base = new Set(compounds.rows.filter((c) => c.covered).map((c) => c.code));
  const reach = new Map<string, string[]>();
  for (const p of pairs.rows) reach.set(p.candidate, [...(reach.get(p.candidate) ?? []), p.compound]);
  const sets = [...reach.values()];
  let best = 0;
  const walk = (from: number, chosen: string[][]) => {
    const covered = new Set([...base, ...chosen.flat()]);
    best = Math.max(
      best,
      [...covered].reduce((s, c) => s + weight.get(c)!, 0),
    );
    if (chosen.length === k) return;
    for (let i = from; i < sets.length; i++) walk(i + 1, [...chosen, sets[i]!]);
  };
  walk(0, []);
  return { best, before: [...base].reduce((s, c) => s + weight.get(c)!, 0), total: compounds.rows.reduce((s, c) => s + c.households, 0) };
}

describe('POST /api/siting', () => {
  it('reaches ≥ 97% of the exhaustive optimal gain on the fixture district, with an honest certificate', async () => {
    const cases = [
      [['watch_post'], 900, 2, 'compounds'],
      [['watch_post'], 1500, 3, 'compounds'],
      [['mediation_point'], 700, 3, 'grids'],
      [['mediation_point', 'mediation_room'], 1200, 2, 'grids'],
      [['watch_post'], 2500, 4, 'compounds'],
    ] as const;
    let worst = 1;
    for (const [kinds, radius, k, candidates] of cases) {
      const res = await send('POST', '/api/siting', { kinds, radius, k, candidates, area: PLAN.district });
      expect(res.status, res.text).toBe(200);
      const result = res.json() as SitingResult;
      const exact = await optimum([...kinds], radius, k, candidates);
      expect(result.before.householdsCovered).toBe(exact.before);
      expect(result.before.households).toBe(exact.total);
      // on the gain: the households covered before count for every plan alike
      const ratio = exact.best > exact.before ? (result.after.householdsCovered - exact.before) / (exact.best - exact.before) : 1;
      worst = Math.min(worst, ratio);
      expect(ratio, JSON.stringify({ kinds, radius, k, candidates })).toBeGreaterThanOrEqual(0.97);
      expect(result.upperBound).toBeGreaterThanOrEqual(exact.best);
      expect(result.gainUpperBound).toBe(result.upperBound - result.before.householdsCovered);
      // the certified share never exceeds the true one, and "proven" is the optimum
      if (result.gainRatio !== null) expect(result.gainRatio).toBeLessThanOrEqual(ratio + 1e-9);
      if (result.provenOptimal) expect([result.after.householdsCovered, result.proof === null]).toEqual([exact.best, false]);
      expect(result.sites.reduce((s, x) => s + x.gain, result.before.householdsCovered)).toBe(result.after.householdsCovered);
      result.sites.slice(1).forEach((s, i) => expect(s.gain).toBeLessThanOrEqual(result.sites[i]!.gain));
    }
    console.info(`siting vs exhaustive optimum on the fixture: worst ratio ${worst.toFixed(4)}`);
  });

  it('proposes sites whose newly covered compounds really are uncovered and within reach', async () => {
    const res = await send('POST', '/api/siting', { kinds: ['watch_post'], radius: 800, k: 3, candidates: 'compounds', area: PLAN.district });
    const result = res.json() as SitingResult;
    expect(result.sites).toHaveLength(3);
    for (const site of result.sites) {
      const check = await database.pool.query<{ code: string; d: number; covered: boolean }>(
        `SELECT c.code, ST_Distance(c.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS d,
                EXISTS (SELECT 1 FROM sites s WHERE s.kind = 'watch_post' AND ST_DWithin(s.geom::geography, c.geom::geography, 800)) AS covered
         FROM compounds c WHERE c.code = ANY($3)`,
        [site.lon, site.lat, site.newlyCovered],
      );
      expect(check.rows).toHaveLength(site.newlyCovered.length);
      expect(check.rows.every((r) => r.d <= 800 && !r.covered)).toBe(true);
    }
    const all = result.sites.flatMap((s) => s.newlyCovered);
    expect(new Set(all).size).toBe(all.length);
  });

  it('names the field of bad input and keeps siting to planners', async () => {
    const cases: [unknown, string][] = [
      [{ k: 0 }, 'k'],
      [{ k: 2.5 }, 'k'],
      [{ k: 3, candidates: 'roofs' }, 'candidates'],
      [{ k: 3, radius: 5 }, 'radius'],
      [{ k: 3, kinds: ['no_such_kind'] }, 'kinds'],
      [{ k: 3, kinds: [] }, 'kinds'],
      [{ k: 3, area: '97010000100101' }, 'area'],
    ];
    for (const [body, field] of cases) {
      const res = await send('POST', '/api/siting', body);
      expect([JSON.stringify(body), res.status, res.json().error.field]).toEqual([JSON.stringify(body), 400, field]);
    }
    expect((await send('POST', '/api/siting', { k: 2, area: '970199' })).status).toBe(404);
    expect((await send('POST', '/api/siting', { k: 2, area: PLAN.district }, commander)).status).toBe(403);
  });
});

describe('scenarios', () => {
  it('saves, lists, compares, exports and deletes; flags a scenario stale when sites change', async () => {
    const base = { kinds: ['watch_post'], radius: 900, candidates: 'compounds', area: PLAN.district };
    const a = await send('POST', '/api/siting/scenarios', { ...base, k: 2, name: '方案甲' });
    const b = await send('POST', '/api/siting/scenarios', { ...base, k: 4, candidates: 'grids', name: '方案乙', note: '网格内选点' });
    expect([a.status, b.status]).toEqual([201, 201]);
    const [sa, sb] = [a.json() as Scenario, b.json() as Scenario];
    expect(sa.result.sites).toHaveLength(2);
    expect(sa.stale).toBe(false);

    const list = (await send('GET', '/api/siting/scenarios')).json() as { scenarios: { id: number; name: string }[] };
    expect(list.scenarios.map((s) => s.id)).toEqual(expect.arrayContaining([sa.id, sb.id]));
    expect(list.scenarios.find((s) => s.id === sb.id)).not.toHaveProperty('result');

    const compare = (await send('GET', `/api/siting/compare?ids=${sa.id},${sb.id}`)).json();
    expect(compare.scenarios.map((s: { name: string }) => s.name)).toEqual(['方案甲', '方案乙']);
    expect(compare.steps).toHaveLength(4);
    expect(compare.steps[3].shares[0]).toBeNull();
    expect((await send('GET', `/api/siting/compare?ids=${sa.id}`)).json().error.field).toBe('ids');

    const csv = await send('GET', `/api/siting/scenarios/${sa.id}/export?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text.trim().split('\r\n')).toHaveLength(1 + 2 + 2);
    const geo = (await send('GET', `/api/siting/scenarios/${sb.id}/export?format=geojson`)).json();
    expect(geo.features).toHaveLength(4);
    expect(geo.features[0].geometry.type).toBe('Point');

    await database.pool.query(`INSERT INTO sites (code, kind, name, synthetic, source, geom)
      VALUES ('PL-NEW-1', 'watch_post', '新守望岗', true, 'test', ST_SetSRID(ST_MakePoint(125.05, 40.52), 4326))`);
    expect(((await send('GET', `/api/siting/scenarios/${sa.id}`)).json() as Scenario).stale).toBe(true);

    expect((await send('DELETE', `/api/siting/scenarios/${sa.id}`, undefined, planner2)).status).toBe(403);
    expect((await send('DELETE', `/api/siting/scenarios/${sa.id}`)).status).toBe(204);
    expect((await send('GET', `/api/siting/scenarios/${sa.id}`)).status).toBe(404);
    expect((await send('GET', '/api/siting/scenarios/abc')).json().error.field).toBe('id');
  });
});
