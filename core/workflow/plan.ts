/**
 * Turns a workflow action into the new values of an incident's workflow columns (pure). The state
 * machine decides legality; this adds the deadlines (deadline_rules + working time) and the case
 * bookkeeping: the clock starts at the first dispatch and does not restart on rework (返工 is a penalty,
 * not a fresh start); an approved extension moves the case deadline; escalation resets per stage.
 */
import { transition, stageOf, type Action, type CaseState, type Stage, type Status } from './machine.ts';
import { addDuration, type DeadlineUnit, type WorkCalendar, shanghaiCalendar } from './worktime.ts';

export interface DeadlineRule {
  amount: number;
  unit: DeadlineUnit;
  /** after the stage deadline, how long until the district center takes over (same unit) */
  escalateAfter: number;
}
export type StageRules = Record<Stage, DeadlineRule>;

/** The workflow columns of an incident. */
export interface CaseRecord {
  status: Status;
  reworkCount: number;
  extended: boolean;
  extensionRequestedDays: number | null;
  dispatchedAt: Date | null;
  dueAt: Date | null;
  stageDueAt: Date | null;
  escalateAt: Date | null;
  escalationLevel: number;
  closedAt: Date | null;
  resolved: boolean | null;
  assigneeKind: string | null;
  assigneeCode: string | null;
  satisfaction: number | null;
}

export interface ActionInput {
  assignee?: { kind: string; code: string };
  resolved?: boolean;
  days?: number;
  satisfaction?: number;
}

export type Plan =
  | { ok: true; next: CaseRecord; event: { action: Action; fromStatus: Status; toStatus: Status; detail: Record<string, unknown> } }
  | { ok: false; status: 400 | 409; message: string; field?: string };

/** Due time and district-escalation time of a stage that starts at `start`. */
export function stageDeadline(start: Date, rule: DeadlineRule, calendar: WorkCalendar = shanghaiCalendar) {
  const dueAt = addDuration(start, rule.amount, rule.unit, calendar);
  return { dueAt, escalateAt: addDuration(dueAt, rule.escalateAfter, rule.unit, calendar) };
}

/**
 * Workflow columns of a newly reported incident: the register stage's clock starts at `now`.
 *
 * @example
 * initialRecord(rules, new Date()).stageDueAt // two working hours later with the default rules
 */
export function initialRecord(rules: StageRules, now: Date, calendar: WorkCalendar = shanghaiCalendar): CaseRecord {
  const { dueAt, escalateAt } = stageDeadline(now, rules.register, calendar);
  return {
    status: 'reported',
    reworkCount: 0,
    extended: false,
    extensionRequestedDays: null,
    dispatchedAt: null,
    dueAt: null,
    stageDueAt: dueAt,
    escalateAt,
    escalationLevel: 0,
    closedAt: null,
    resolved: null,
    assigneeKind: null,
    assigneeCode: null,
    satisfaction: null,
  };
}

const bad = (message: string, field: string): Plan => ({ ok: false, status: 400, message, field });

/**
 * Plans an action on a case: either the new column values plus the history event, or a refusal (409
 * naming the allowed actions, or 400 naming the missing field).
 *
 * @example
 * planAction(record, 'dispatch', { assignee: { kind: 'grid_worker', code: 'W001' } }, rules, { now, isDispute: false })
 */
export function planAction(
  record: CaseRecord,
  action: Action,
  input: ActionInput,
  rules: StageRules,
  context: { now: Date; isDispute: boolean; calendar?: WorkCalendar },
): Plan {
  const { now, isDispute } = context;
  const calendar = context.calendar ?? shanghaiCalendar;
  const state: CaseState = {
    status: record.status,
    reworkCount: record.reworkCount,
    extended: record.extended,
    extensionPending: record.extensionRequestedDays !== null,
  };
  const result = transition(state, action);
  if (!result.ok) return { ok: false, status: 409, message: result.message };

  if (action === 'dispatch' && !input.assignee) return bad('dispatch needs an assignee {kind, code}', 'assignee');
  if (action === 'report_back' && isDispute && input.resolved === undefined) {
    return bad('reporting back on a dispute needs resolved (true/false)', 'resolved');
  }
  if (action === 'request_extension' && !input.days) return bad('an extension request needs days (1–30)', 'days');
  if (action === 'evaluate' && !input.satisfaction) return bad('an evaluation needs satisfaction (1–5)', 'satisfaction');

  const next: CaseRecord = { ...record, status: result.state.status, reworkCount: result.state.reworkCount, extended: result.state.extended };
  const detail: Record<string, unknown> = {};
  const handleRule = rules.handle;

  if (action === 'dispatch' || action === 'rework') {
    if (input.assignee) {
      next.assigneeKind = input.assignee.kind;
      next.assigneeCode = input.assignee.code;
      detail.assignee = input.assignee;
    }
    if (!record.dispatchedAt) {
      next.dispatchedAt = now;
      next.dueAt = addDuration(now, handleRule.amount, handleRule.unit, calendar);
    }
  }
  if (action === 'report_back' && input.resolved !== undefined) next.resolved = input.resolved;
  if (action === 'request_extension') next.extensionRequestedDays = input.days!;
  if (action === 'deny_extension') next.extensionRequestedDays = null;
  if (action === 'approve_extension') {
    const days = record.extensionRequestedDays!;
    // Calendar-hour categories are emergencies: their extension days are calendar days too.
    const unit: DeadlineUnit = handleRule.unit === 'hours' || handleRule.unit === 'days' ? 'days' : 'work_days';
    next.dueAt = addDuration(record.dueAt ?? now, days, unit, calendar);
    next.extensionRequestedDays = null;
    detail.days = days;
    detail.previousDueAt = record.dueAt?.toISOString() ?? null;
  }
  if (action === 'pass') next.closedAt = now;
  if (action === 'evaluate') next.satisfaction = input.satisfaction!;

  const stage = stageOf(next.status);
  const stageChanged = stage !== stageOf(record.status);
  if (stage === null) {
    Object.assign(next, { stageDueAt: null, escalateAt: null });
  } else if (stageChanged || action === 'approve_extension') {
    // The handle stage's deadline is the case deadline; the others run from the moment they start.
    const dueAt = stage === 'handle' ? next.dueAt! : stageDeadline(now, rules[stage], calendar).dueAt;
    const rule = rules[stage];
    next.stageDueAt = dueAt;
    next.escalateAt = addDuration(dueAt, rule.escalateAfter, rule.unit, calendar);
    next.escalationLevel = 0;
  }
  return { ok: true, next, event: { action, fromStatus: record.status, toStatus: next.status, detail } };
}
