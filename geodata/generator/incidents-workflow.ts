/**
 * The workflow columns of a generated case: played through the real rules when it is recent
 * (incidents-recent.ts), or a finished case of the past.
 */
import { simulateCase } from './incidents-recent.ts';
import type { Random } from './random.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** handling days of the past cases (calendar days ×1.4 ≈ the working days of deadline_rules) */
const HANDLE_DAYS: Record<string, number> = {
  dispute: 7,
  theft: 5,
  burglary: 5,
  fraud: 5,
  vehicle_theft: 5,
  public_safety: 1,
  fire_hazard: 1,
  city_management: 2,
  environment: 2,
  other: 3,
};

/** The workflow columns of one case (epoch ms for times). */
export interface Workflow {
  status: string;
  resolved: boolean | null;
  rework: number;
  extended: boolean;
  dispatched: number | null;
  due: number | null;
  closed: number | null;
  stageDue: number | null;
  escalate: number | null;
  assignee: [string, string] | null;
  satisfaction: number | null;
  updated: number;
}

/**
 * A recent case: played through the real workflow rules up to now (open ones carry their deadlines).
 *
 * @example
 * recentWorkflow('theft', reported, now, false, ['department', 'public_security'], rng).status // e.g. 'handling'
 */
export function recentWorkflow(category: string, reported: number, now: number, rejectable: boolean, assignee: [string, string], rng: Random): Workflow {
  const { record: r, updated } = simulateCase({ category, reported, now, rejectable, assignee }, rng);
  const ms = (d: Date | null) => (d ? d.getTime() : null);
  return {
    status: r.status,
    resolved: r.resolved,
    rework: r.reworkCount,
    extended: r.extended,
    dispatched: ms(r.dispatchedAt),
    due: ms(r.dueAt),
    closed: ms(r.closedAt),
    stageDue: ms(r.stageDueAt),
    escalate: ms(r.escalateAt),
    assignee: r.assigneeKind ? [r.assigneeKind, r.assigneeCode!] : null,
    satisfaction: r.satisfaction,
    updated,
  };
}

/**
 * A case of the past: closed (or rejected) long ago; 3% closed late, some reworked or extended.
 *
 * @example
 * pastWorkflow('dispute', reported, false, true, ['mediation_site', 'MP…'], rng).status // 'closed' or 'evaluated'
 */
export function pastWorkflow(category: string, reported: number, rejectable: boolean, isDispute: boolean, assignee: [string, string], rng: Random): Workflow {
  const rejected = rejectable && rng.chance(0.015);
  const dispatched = rejected ? null : reported + Math.floor(HOUR * (0.2 + 2.5 * rng.next()));
  const extended = !rejected && rng.chance(0.03);
  const rework = rejected ? 0 : rng.chance(0.025) ? (rng.chance(0.1) ? 2 : 1) : 0;
  const days = HANDLE_DAYS[category] * 1.4;
  const due = dispatched === null ? null : dispatched + Math.floor((days + (extended ? 7 : 0)) * DAY);
  let closed: number | null = null;
  if (dispatched !== null && due !== null) {
    const late = rng.chance(0.03);
    closed = late ? due + Math.floor(rng.range(0.1, 3) * DAY) : dispatched + Math.floor((due - dispatched) * rng.range(0.08, 0.95));
  }
  const evaluated = closed !== null && rng.chance(0.7);
  return {
    status: rejected ? 'rejected' : evaluated ? 'evaluated' : 'closed',
    resolved: isDispute && closed !== null ? rng.chance(0.972) : null,
    rework,
    extended,
    dispatched,
    due,
    closed,
    stageDue: null,
    escalate: null,
    assignee: rejected ? null : assignee,
    satisfaction: evaluated ? [5, 5, 5, 4, 4, 3, 2][rng.int(0, 6)] : null,
    updated: closed ?? dispatched ?? reported,
  };
}
