/**
 * The workflow of the demo's recent cases (the last weeks before `now`), played step by step through the
 * real rules: core/workflow/plan.ts plans every action with the default deadline_rules, so the stage and
 * case deadlines of today's open cases are the ones the server itself would have set. A step whose time
 * lies after `now` has not happened yet, which leaves the case open in that step's status. Steps are
 * mostly taken in time; a few run late, and only those are overdue now — as in a working command center.
 */
import { initialRecord, planAction, type CaseRecord, type StageRules, type DeadlineRule } from '../../core/workflow/plan.ts';
import type { Action } from '../../core/workflow/machine.ts';
import { addDuration } from '../../core/workflow/worktime.ts';
import type { Random } from './random.ts';

const rule = (amount: number, unit: DeadlineRule['unit'], escalateAfter: number): DeadlineRule => ({ amount, unit, escalateAfter });
const DEFAULT_RULES: StageRules = {
  register: rule(2, 'work_hours', 2),
  dispatch: rule(2, 'work_hours', 2),
  handle: rule(3, 'work_days', 2),
  verify: rule(1, 'work_days', 1),
};
const EMERGENCY: StageRules = { register: rule(1, 'hours', 1), dispatch: rule(1, 'hours', 1), handle: rule(24, 'hours', 12), verify: rule(4, 'hours', 4) };

/**
 * The seeded deadline_rules (db/migrations/0006_deadline_rules_seed.sql) per category, for the generator,
 * which runs without a database. tests/db/demo-present.test.ts checks them against the table.
 */
export const DEMO_DEADLINE_RULES: Record<string, StageRules> = {
  dispute: { ...DEFAULT_RULES, handle: rule(7, 'work_days', 3) },
  theft: { ...DEFAULT_RULES, handle: rule(5, 'work_days', 2) },
  burglary: { ...DEFAULT_RULES, handle: rule(5, 'work_days', 2) },
  fraud: { ...DEFAULT_RULES, handle: rule(5, 'work_days', 2) },
  vehicle_theft: { ...DEFAULT_RULES, handle: rule(5, 'work_days', 2) },
  city_management: { ...DEFAULT_RULES, handle: rule(2, 'work_days', 1) },
  environment: { ...DEFAULT_RULES, handle: rule(2, 'work_days', 1) },
  fire_hazard: EMERGENCY,
  public_safety: { ...EMERGENCY, verify: rule(8, 'hours', 4) },
  other: DEFAULT_RULES,
};

/** Share of steps taken after their deadline (the rest fall at 5–85% of the allowed time). */
const LATE = 0.03;

export interface CaseInput {
  category: string;
  reported: number;
  now: number;
  /** may be refused at registration (不予立案) */
  rejectable: boolean;
  assignee: [string, string];
}

export interface SimulatedCase {
  record: CaseRecord;
  /** time of the last step taken (updated_at) */
  updated: number;
}

/**
 * Plays a case from its report up to `now` through planAction and returns its workflow columns.
 *
 * @example
 * const { record } = simulateCase({ category: 'theft', reported, now, rejectable: false, assignee: ['department', 'public_security'] }, rng);
 * record.status // 'handling' when report_back is still ahead
 */
export function simulateCase(input: CaseInput, rng: Random): SimulatedCase {
  const rules = DEMO_DEADLINE_RULES[input.category] ?? DEFAULT_RULES;
  const isDispute = input.category === 'dispute';
  let record = initialRecord(rules, new Date(input.reported));
  let last = input.reported;
  // Each step is taken at a fraction of its stage's allowance, in the stage's own unit (working time
  // for most, so steps fall in office hours); a late one overshoots by 5–50%.
  const share = () => (rng.chance(LATE) ? rng.range(1.05, 1.5) : rng.range(0.05, 0.85));
  const after = (from: number, r: DeadlineRule, fraction: number) =>
    Math.max(from + 60_000, addDuration(new Date(from), fraction * r.amount, r.unit).getTime());
  const step = (action: Action, at: number, extra: Parameters<typeof planAction>[2] = {}): boolean => {
    if (at > input.now) return false;
    const plan = planAction(record, action, extra, rules, { now: new Date(at), isDispute });
    if (!plan.ok) throw new Error(`demo workflow: ${action} from ${record.status}: ${plan.message}`);
    record = plan.next;
    last = at;
    return true;
  };

  const registered = after(input.reported, rules.register, share());
  if (input.rejectable && rng.chance(0.015)) {
    step('reject', registered);
    return { record, updated: last };
  }
  if (!step('register', registered)) return { record, updated: last };
  const [kind, code] = input.assignee;
  if (!step('dispatch', after(registered, rules.dispatch, share()), { assignee: { kind, code } })) return { record, updated: last };
  const dispatched = last;
  if (!step('accept', after(dispatched, rules.handle, share() * 0.15))) return { record, updated: last };
  const back = Math.max(last + 60_000, after(dispatched, rules.handle, share()));
  if (!step('report_back', back, isDispute ? { resolved: rng.chance(0.972) } : {})) return { record, updated: last };
  // feedback and verifying share the verify stage: both steps fit in its one allowance
  const passed = after(back, rules.verify, share());
  if (!step('verify', back + Math.floor((passed - back) * rng.range(0.1, 0.6)))) return { record, updated: last };
  if (!step('pass', passed)) return { record, updated: last };
  if (rng.chance(0.7)) step('evaluate', passed + Math.floor(rng.range(1, 48) * 3_600_000), { satisfaction: [5, 5, 5, 4, 4, 3, 2][rng.int(0, 6)] });
  return { record, updated: last };
}
