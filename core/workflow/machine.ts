/**
 * The case workflow (数字城管 seven steps) as one pure state machine:
 * 上报 reported → 立案 registered | 不予立案 rejected → 派遣 dispatched → 处置 handling → 反馈 feedback →
 * 核查 verifying → (pass) 结案 closed → 评价 evaluated; a failed check (返工) goes back to dispatched.
 * Extension (延期) request/approve/deny are actions that keep the status. No I/O here: the database
 * layer loads the state, asks `transition`, and writes what it answers.
 */
import type { Role } from '../access/roles.ts';

export const statuses = ['reported', 'registered', 'rejected', 'dispatched', 'handling', 'feedback', 'verifying', 'closed', 'evaluated'] as const;
export type Status = (typeof statuses)[number];

export const actions = [
  'register',
  'reject',
  'dispatch',
  'accept',
  'report_back',
  'verify',
  'pass',
  'rework',
  'evaluate',
  'request_extension',
  'approve_extension',
  'deny_extension',
] as const;
export type Action = (typeof actions)[number];

/** Deadline stages: which rule of `deadline_rules` applies while a case is in a status. */
export type Stage = 'register' | 'dispatch' | 'handle' | 'verify';

export interface CaseState {
  status: Status;
  reworkCount: number;
  /** an extension was approved (延期) */
  extended: boolean;
  /** an extension request awaits a decision */
  extensionPending: boolean;
}

const commandRoles = ['admin', 'commander'] as const satisfies readonly Role[];
const fieldRoles = ['admin', 'commander', 'grid_worker'] as const satisfies readonly Role[];

interface Rule {
  from: readonly Status[];
  /** undefined: the status stays */
  to?: Status;
  roles: readonly Role[];
  guard?: (state: CaseState) => string | null;
}

const clockRunning: readonly Status[] = ['dispatched', 'handling'];

const rules: Record<Action, Rule> = {
  register: { from: ['reported'], to: 'registered', roles: commandRoles },
  reject: { from: ['reported'], to: 'rejected', roles: commandRoles },
  dispatch: { from: ['registered'], to: 'dispatched', roles: commandRoles },
  accept: { from: ['dispatched'], to: 'handling', roles: fieldRoles },
  report_back: { from: ['handling'], to: 'feedback', roles: fieldRoles },
  verify: { from: ['feedback'], to: 'verifying', roles: commandRoles },
  pass: { from: ['verifying'], to: 'closed', roles: commandRoles },
  rework: { from: ['verifying'], to: 'dispatched', roles: commandRoles },
  evaluate: { from: ['closed'], to: 'evaluated', roles: commandRoles },
  request_extension: {
    from: clockRunning,
    roles: fieldRoles,
    // One extension per case, as assessment rules allow: a second would hide a chronically late case.
    guard: (s) => (s.extensionPending ? 'an extension request is already pending' : s.extended ? 'the case was already extended once' : null),
  },
  approve_extension: { from: clockRunning, roles: commandRoles, guard: (s) => (s.extensionPending ? null : 'no extension request is pending') },
  deny_extension: { from: clockRunning, roles: commandRoles, guard: (s) => (s.extensionPending ? null : 'no extension request is pending') },
};

/** Statuses in which a case is still open (its stage deadline can run out). */
export const openStatuses: readonly Status[] = ['reported', 'registered', 'dispatched', 'handling', 'feedback', 'verifying'];

/**
 * The deadline stage of a status, or null once the case is finished.
 *
 * @example
 * stageOf('handling') // 'handle'
 */
export function stageOf(status: Status): Stage | null {
  switch (status) {
    case 'reported':
      return 'register';
    case 'registered':
      return 'dispatch';
    case 'dispatched':
    case 'handling':
      return 'handle';
    case 'feedback':
    case 'verifying':
      return 'verify';
    default:
      return null;
  }
}

/** Roles that may perform an action (checked separately from legality: wrong role → 403, wrong state → 409). */
export const rolesFor = (action: Action): readonly Role[] => rules[action].roles;

/**
 * Actions legal in a state, optionally only those the role may perform.
 *
 * @example
 * allowedActions({ status: 'reported', reworkCount: 0, extended: false, extensionPending: false }) // ['register', 'reject']
 */
export function allowedActions(state: CaseState, role?: Role): Action[] {
  return actions.filter((a) => {
    const rule = rules[a];
    if (!rule.from.includes(state.status) || rule.guard?.(state)) return false;
    return role === undefined || rule.roles.includes(role);
  });
}

export type TransitionResult = { ok: true; state: CaseState; statusChanged: boolean; stage: Stage | null } | { ok: false; message: string; allowed: Action[] };

/**
 * Applies an action. Refusals carry a message that names the allowed actions (the API's 409 body).
 *
 * @example
 * transition({ status: 'verifying', reworkCount: 0, extended: false, extensionPending: false }, 'rework')
 * // { ok: true, state: { status: 'dispatched', reworkCount: 1, … }, statusChanged: true, stage: 'handle' }
 */
export function transition(state: CaseState, action: Action): TransitionResult {
  const rule = rules[action];
  const allowed = allowedActions(state);
  const refuse = (why: string): TransitionResult => ({
    ok: false,
    allowed,
    message: `cannot ${action}: ${why}; allowed in status ${state.status}: ${allowed.length ? allowed.join(', ') : 'none (final)'}`,
  });
  if (!rule.from.includes(state.status)) return refuse(`the case is ${state.status}`);
  const blocked = rule.guard?.(state);
  if (blocked) return refuse(blocked);

  const next: CaseState = { ...state, status: rule.to ?? state.status };
  if (action === 'rework') next.reworkCount += 1;
  if (action === 'request_extension') next.extensionPending = true;
  if (action === 'approve_extension') Object.assign(next, { extensionPending: false, extended: true });
  if (action === 'deny_extension') next.extensionPending = false;
  const statusChanged = next.status !== state.status;
  return { ok: true, state: next, statusChanged, stage: stageOf(next.status) };
}

export const statusLabels: Record<Status, { zh: string; en: string }> = {
  reported: { zh: '上报', en: 'Reported' },
  registered: { zh: '立案', en: 'Registered' },
  rejected: { zh: '不予立案', en: 'Rejected' },
  dispatched: { zh: '派遣', en: 'Dispatched' },
  handling: { zh: '处置', en: 'Handling' },
  feedback: { zh: '反馈', en: 'Reported back' },
  verifying: { zh: '核查', en: 'Verifying' },
  closed: { zh: '结案', en: 'Closed' },
  evaluated: { zh: '评价', en: 'Evaluated' },
};

export const actionLabels: Record<Action, { zh: string; en: string }> = {
  register: { zh: '立案', en: 'Register' },
  reject: { zh: '不予立案', en: 'Reject' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  accept: { zh: '接单处置', en: 'Accept' },
  report_back: { zh: '处置反馈', en: 'Report back' },
  verify: { zh: '开始核查', en: 'Start check' },
  pass: { zh: '核查通过·结案', en: 'Pass & close' },
  rework: { zh: '返工', en: 'Rework' },
  evaluate: { zh: '评价', en: 'Evaluate' },
  request_extension: { zh: '申请延期', en: 'Request extension' },
  approve_extension: { zh: '批准延期', en: 'Approve extension' },
  deny_extension: { zh: '驳回延期', en: 'Deny extension' },
};
