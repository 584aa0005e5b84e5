import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { P, insertIncidentFixture, removeIncidentFixture, workerC1 } from '../support/incident-fixture.ts';
import { calendarListSchema } from '../../core/contracts/centers.ts';
import { incidentDetailSchema } from '../../core/contracts/incidents.ts';
import { errorResponseSchema } from '../../core/contracts/errors.ts';
import { loadWorkCalendar } from '../../db/queries/holidays.ts';
import { addDuration, shanghaiCalendar } from '../../core/workflow/worktime.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let admin: TestAccount, commander: TestAccount;
const sh = (local: string) => new Date(`${local}+08:00`);
/** the next ten local dates from today: made holidays by the test, then restored */
const nextDays = Array.from({ length: 10 }, (_, i) => new Date(Date.now() + 8 * 3600_000 + (i + 1) * 86_400_000).toISOString().slice(0, 10));
let saved: { day: string; kind: string; name: string; source: string }[] = [];

beforeAll(async () => {
  await insertIncidentFixture(database);
  admin = await createAccount(database, { role: 'admin', scopeCode: null }, 'hol');
  commander = await createAccount(database, { role: 'commander', scopeCode: null }, 'hol');
  saved = (
    await database.pool.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name, source FROM work_calendar_days WHERE day = ANY($1::date[])`, [nextDays])
  ).rows;
});
afterAll(async () => {
  await database.pool.query(`DELETE FROM work_calendar_days WHERE day = ANY($1::date[])`, [nextDays]);
  for (const row of saved)
    await database.pool.query(`INSERT INTO work_calendar_days (day, kind, name, source) VALUES ($1, $2, $3, $4)`, [row.day, row.kind, row.name, row.source]);
  await removeIncidentFixture(database);
  await removeAccounts(database, [admin, commander]);
  await database.close();
});

const put = (who: TestAccount, day: string, body: unknown) =>
  app.request(`/api/admin/holidays/${day}`, { method: 'PUT', headers: { ...who.bearer, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the work calendar', () => {
  it('is seeded from the State Council notices, and a deadline over the Spring Festival skips it and counts the make-up Saturday', async () => {
    const list = calendarListSchema.parse(await (await app.request('/api/holidays?year=2026', { headers: commander.bearer })).json()).items;
    expect(list.find((d) => d.day === '2026-02-14')).toMatchObject({
      kind: 'workday',
      source: expect.stringContaining('国务院办公厅关于2026年部分节假日安排的通知'),
    });
    expect(list.filter((d) => d.name === '春节' && d.kind === 'holiday').map((d) => d.day)).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    const calendar = await loadWorkCalendar(database.db);
    // Friday 13 Feb 16:00 + 2 working days → Saturday 14th (调休上班) + Tuesday 24th → 2026-02-24 16:00
    expect(addDuration(sh('2026-02-13T16:00:00'), 2, 'work_days', calendar).toISOString()).toBe(sh('2026-02-24T16:00:00').toISOString());
    // 2025: 春节 1月28日至2月4日, 1月26日（周日）上班 — Friday 24 Jan 16:00 + 3 working days → Sun 26th, Mon 27th, Wed 5 Feb
    expect(addDuration(sh('2025-01-24T16:00:00'), 3, 'work_days', calendar).toISOString()).toBe(sh('2025-02-05T16:00:00').toISOString());
  });

  it('is edited by admins only, with a 400 naming a bad day', async () => {
    expect((await put(commander, '2099-01-05', { kind: 'holiday', name: '测试', source: '测试' })).status).toBe(403);
    const bad = await put(admin, '2026-02-30', { kind: 'holiday', name: '测试', source: '测试' });
    expect(bad.status).toBe(400);
    expect(errorResponseSchema.parse(await bad.json()).error.field).toBe('day');
    const set = await put(admin, '2099-01-05', { kind: 'holiday', name: '测试假日', source: '测试' });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ day: '2099-01-05', kind: 'holiday', updatedBy: admin.username });
    const del = () => app.request('/api/admin/holidays/2099-01-05', { method: 'DELETE', headers: admin.bearer });
    expect((await del()).status).toBe(204);
    expect((await del()).status).toBe(404);
  });

  it('is what the API counts deadlines with: a holiday set by an admin moves the next dispatch’s deadline', async () => {
    for (const day of nextDays) expect((await put(admin, day, { kind: 'holiday', name: '测试假日', source: '测试（测试数据）' })).status).toBe(200);
    const json = { ...commander.bearer, 'content-type': 'application/json' };
    const created = (await (
      await app.request('/api/incidents', { method: 'POST', headers: json, body: JSON.stringify({ category: 'environment', location: P.g1 }) })
    ).json()) as { id: number };
    const act = (body: unknown) => app.request(`/api/incidents/${created.id}/actions`, { method: 'POST', headers: json, body: JSON.stringify(body) });
    await act({ action: 'register' });
    const dispatched = incidentDetailSchema.parse(await (await act({ action: 'dispatch', assignee: { kind: 'grid_worker', code: workerC1 } })).json());
    const calendar = { ...shanghaiCalendar, holidays: new Set(nextDays) };
    const expected = addDuration(new Date(dispatched.dispatchedAt!), 2, 'work_days', calendar);
    expect(dispatched.dueAt).toBe(expected.toISOString());
    // at least ten days away: none of the next ten days has working time
    expect(Date.parse(dispatched.dueAt!) - Date.parse(dispatched.dispatchedAt!)).toBeGreaterThan(10 * 86_400_000);
  });
});
