import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { F, P, insertIncidentFixture, removeIncidentFixture, workerC1 } from '../support/incident-fixture.ts';
import { incidentDetailSchema, type IncidentDetail } from '../../core/contracts/incidents.ts';
import { errorResponseSchema } from '../../core/contracts/errors.ts';
import { addDuration } from '../../core/workflow/worktime.ts';
import { escalateOverdue } from '../../db/queries/incidents-workflow.ts';

const database = connectTestDatabase();
const second = connectTestDatabase(); // a second pool, as a second server process would have
const app = createApp({ database, env: testEnv() });
let commander: TestAccount, worker: TestAccount, outsider: TestAccount;

beforeAll(async () => {
  await insertIncidentFixture(database);
  commander = await createAccount(database, { role: 'commander', scopeCode: F.d1 }, 'wf');
  worker = await createAccount(database, { role: 'grid_worker', scopeCode: F.c1, workerCode: workerC1 }, 'wf');
  outsider = await createAccount(database, { role: 'commander', scopeCode: F.d2 }, 'wf');
});
afterAll(async () => {
  await removeIncidentFixture(database);
  await removeAccounts(database, [commander, worker, outsider]);
  await Promise.all([database.close(), second.close()]);
});

const json = (who: TestAccount) => ({ ...who.bearer, 'content-type': 'application/json' });
async function report(category = 'environment', extra: Record<string, unknown> = {}): Promise<IncidentDetail> {
  const res = await app.request('/api/incidents', { method: 'POST', headers: json(commander), body: JSON.stringify({ category, location: P.g1, ...extra }) });
  expect(res.status, await res.clone().text()).toBe(201);
  return incidentDetailSchema.parse(await res.json());
}
const act = (who: TestAccount, id: number, body: Record<string, unknown>) =>
  app.request(`/api/incidents/${id}/actions`, { method: 'POST', headers: json(who), body: JSON.stringify(body) });
async function ok(who: TestAccount, id: number, body: Record<string, unknown>): Promise<IncidentDetail> {
  const res = await act(who, id, body);
  expect(res.status, await res.clone().text()).toBe(200);
  return incidentDetailSchema.parse(await res.json());
}
const assignee = { kind: 'grid_worker', code: workerC1 };

describe('incident workflow through the API', () => {
  it('walks a case from report to evaluation with a rework, recording every step', async () => {
    const incident = await report();
    await ok(commander, incident.id, { action: 'register' });
    const dispatched = await ok(commander, incident.id, { action: 'dispatch', assignee });
    expect(dispatched.assignee).toEqual(assignee);
    // environment: handle = 2 working days (migration 0006); the clock starts at dispatch
    const dispatchedAt = new Date(dispatched.dispatchedAt!);
    expect(dispatched.dueAt).toBe(addDuration(dispatchedAt, 2, 'work_days').toISOString());
    expect(dispatched.stageDueAt).toBe(dispatched.dueAt);
    expect(dispatched.allowedActions).toEqual(['accept', 'request_extension']);

    await ok(worker, incident.id, { action: 'accept' });
    await ok(worker, incident.id, { action: 'report_back', note: '已清理' });
    const verifying = await ok(commander, incident.id, { action: 'verify' });
    expect(verifying.stageDueAt).not.toBe(verifying.dueAt); // verify stage: 1 working day from now
    const reworked = await ok(commander, incident.id, { action: 'rework', note: '现场仍有垃圾' });
    expect(reworked).toMatchObject({ status: 'dispatched', reworkCount: 1, dueAt: dispatched.dueAt, dispatchedAt: dispatched.dispatchedAt });
    await ok(worker, incident.id, { action: 'accept' });
    await ok(worker, incident.id, { action: 'report_back' });
    await ok(commander, incident.id, { action: 'verify' });
    const closed = await ok(commander, incident.id, { action: 'pass' });
    expect(closed.closedAt).not.toBeNull();
    expect(closed.stageDueAt).toBeNull();
    const evaluated = await ok(commander, incident.id, { action: 'evaluate', satisfaction: 5 });
    expect(evaluated).toMatchObject({ status: 'evaluated', satisfaction: 5, allowedActions: [] });
    expect(evaluated.history.map((e) => `${e.action}:${e.fromStatus ?? ''}>${e.toStatus}`)).toEqual([
      'report:>reported',
      'register:reported>registered',
      'dispatch:registered>dispatched',
      'accept:dispatched>handling',
      'report_back:handling>feedback',
      'verify:feedback>verifying',
      'rework:verifying>dispatched',
      'accept:dispatched>handling',
      'report_back:handling>feedback',
      'verify:feedback>verifying',
      'pass:verifying>closed',
      'evaluate:closed>evaluated',
    ]);
    expect(new Set(evaluated.history.map((e) => e.actor))).toEqual(new Set([commander.username, worker.username]));
    const live = await database.pool.query("SELECT kind, payload->>'action' AS action FROM live_events WHERE incident_id = $1 ORDER BY id", [incident.id]);
    expect(live.rows.map((r) => `${r.kind}:${r.action}`)).toEqual(['created:report', ...evaluated.history.slice(1).map((e) => `updated:${e.action}`)]);
  });

  it('refuses an illegal transition with 409 naming the allowed actions', async () => {
    const incident = await report();
    const res = await act(commander, incident.id, { action: 'pass' });
    expect(res.status).toBe(409);
    const { error } = errorResponseSchema.parse(await res.json());
    expect(error.code).toBe('illegal_transition');
    expect(error.message).toContain('register');
    expect(error.message).toContain('reject');
    const rows = await database.pool.query('SELECT count(*)::int AS n FROM incident_events WHERE incident_id = $1', [incident.id]);
    expect(rows.rows[0].n).toBe(1);
  });

  it('keeps roles and areas: 403 for the wrong role, 404 outside the area', async () => {
    const incident = await report();
    const res = await act(worker, incident.id, { action: 'register' });
    expect(res.status).toBe(403);
    expect(errorResponseSchema.parse(await res.json()).error.message).toContain('commander');
    expect((await act(outsider, incident.id, { action: 'register' })).status).toBe(404);
  });

  it('needs an existing assignee to dispatch, resolved for disputes, days for extensions', async () => {
    const incident = await report();
    await ok(commander, incident.id, { action: 'register' });
    const missing = await act(commander, incident.id, { action: 'dispatch' });
    expect(errorResponseSchema.parse(await missing.json()).error).toMatchObject({ field: 'assignee' });
    const unknown = await act(commander, incident.id, { action: 'dispatch', assignee: { kind: 'grid_worker', code: 'NOPE' } });
    expect(errorResponseSchema.parse(await unknown.json()).error).toMatchObject({ field: 'assignee.code' });
    await ok(commander, incident.id, { action: 'dispatch', assignee: { kind: 'department', code: '区城管局' } });
    expect(errorResponseSchema.parse(await (await act(worker, incident.id, { action: 'request_extension' })).json()).error.field).toBe('days');

    const dispute = await report('dispute', { disputeType: 'neighbour' });
    for (const step of [{ action: 'register' }, { action: 'dispatch', assignee }, { action: 'accept' }]) await ok(commander, dispute.id, step);
    const noResult = await act(worker, dispute.id, { action: 'report_back' });
    expect(noResult.status).toBe(400);
    expect(errorResponseSchema.parse(await noResult.json()).error.field).toBe('resolved');
    expect((await ok(worker, dispute.id, { action: 'report_back', resolved: true })).resolved).toBe(true);
  });

  it('extends the case deadline by the approved working days, once', async () => {
    const incident = await report();
    await ok(commander, incident.id, { action: 'register' });
    const dispatched = await ok(commander, incident.id, { action: 'dispatch', assignee });
    const requested = await ok(worker, incident.id, { action: 'request_extension', days: 3 });
    expect(requested).toMatchObject({ extensionRequestedDays: 3, extended: false });
    expect(requested.allowedActions).not.toContain('approve_extension'); // a worker cannot approve
    const approved = await ok(commander, incident.id, { action: 'approve_extension' });
    expect(approved).toMatchObject({ extended: true, extensionRequestedDays: null });
    expect(approved.dueAt).toBe(addDuration(new Date(dispatched.dueAt!), 3, 'work_days').toISOString());
    expect(approved.stageDueAt).toBe(approved.dueAt);
    const again = await act(worker, incident.id, { action: 'request_extension', days: 1 });
    expect(again.status).toBe(409);
    expect(errorResponseSchema.parse(await again.json()).error.message).toContain('already extended');
  });

  it('uses the configurable deadline table (category rows over the * default)', async () => {
    await database.pool.query(
      `INSERT INTO deadline_rules VALUES ('other', 'register', 5, 'hours', 1) ON CONFLICT (category, stage) DO UPDATE SET amount = 5, unit = 'hours'`,
    );
    try {
      const incident = await report('other');
      const reportedAt = new Date(incident.reportedAt);
      expect(incident.stageDueAt).toBe(new Date(reportedAt.getTime() + 5 * 3600_000).toISOString());
    } finally {
      await database.pool.query(`DELETE FROM deadline_rules WHERE category = 'other'`);
    }
  });
});

describe('overdue escalation job', () => {
  it('escalates to the street, then the district, exactly once even with two processes', async () => {
    const incident = await report();
    await ok(commander, incident.id, { action: 'register' });
    await database.pool.query(`UPDATE incidents SET stage_due_at = now() - interval '2 hours', escalate_at = now() + interval '1 hour' WHERE id = $1`, [
      incident.id,
    ]);
    const runs = await Promise.all([escalateOverdue(database.db), escalateOverdue(second.db), escalateOverdue(database.db)]);
    const mine = runs.flat().filter((e) => e.id === incident.id);
    expect(mine).toEqual([{ id: incident.id, level: 1, moved: false }]);

    await database.pool.query(`UPDATE incidents SET escalate_at = now() - interval '1 minute' WHERE id = $1`, [incident.id]);
    const runs2 = await Promise.all([escalateOverdue(second.db), escalateOverdue(database.db)]);
    // level 2 moves the case from its street center to the district center (deadline_rules.escalate_moves, on by default)
    expect(runs2.flat().filter((e) => e.id === incident.id)).toEqual([{ id: incident.id, level: 2, moved: true }]);

    const detail = incidentDetailSchema.parse(await (await app.request(`/api/incidents/${incident.id}`, { headers: commander.bearer })).json());
    expect(detail).toMatchObject({ escalationLevel: 2, overdue: true });
    expect(detail.holding).toEqual({ owner: { kind: 'center', code: F.d1 }, sender: { kind: 'center', code: F.s1 }, assists: [] });
    const notices = await database.pool.query(`SELECT kind, recipient_code FROM notifications WHERE incident_id = $1 ORDER BY id`, [incident.id]);
    expect(notices.rows).toEqual([
      { kind: 'overdue', recipient_code: F.s1 },
      { kind: 'escalated', recipient_code: F.d1 },
    ]);
    const escalations = detail.history.filter((e) => e.action === 'escalate');
    expect(escalations.map((e) => [e.actor, (e.detail as { center: string }).center])).toEqual([
      ['system', 'street'],
      ['system', 'district'],
    ]);
    const live = await database.pool.query(`SELECT count(*)::int AS n FROM live_events WHERE incident_id = $1 AND kind = 'overdue'`, [incident.id]);
    expect(live.rows[0].n).toBe(2);

    // the next stage starts a new clock and clears the escalation
    const dispatched = await ok(commander, incident.id, { action: 'dispatch', assignee });
    expect(dispatched).toMatchObject({ escalationLevel: 0, overdue: false });
  });
});
