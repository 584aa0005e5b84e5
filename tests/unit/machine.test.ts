import { describe, expect, it } from 'vitest';
import { actions, allowedActions, rolesFor, stageOf, statuses, transition, type Action, type CaseState, type Status } from '../../core/workflow/machine.ts';

/** The workflow written out by hand, independently of the machine's rule table. */
const legal: Record<Status, Partial<Record<Action, Status>>> = {
  reported: { register: 'registered', reject: 'rejected' },
  registered: { dispatch: 'dispatched' },
  rejected: {},
  dispatched: { accept: 'handling' },
  handling: { report_back: 'feedback' },
  feedback: { verify: 'verifying' },
  verifying: { pass: 'closed', rework: 'dispatched' },
  closed: { evaluate: 'evaluated' },
  evaluated: {},
};
const extensionStatuses: Status[] = ['dispatched', 'handling'];

function expectedTarget(state: CaseState, action: Action): Status | undefined {
  if (action === 'request_extension') {
    return extensionStatuses.includes(state.status) && !state.extensionPending && !state.extended ? state.status : undefined;
  }
  if (action === 'approve_extension' || action === 'deny_extension') {
    return extensionStatuses.includes(state.status) && state.extensionPending ? state.status : undefined;
  }
  return legal[state.status][action];
}

const flagCombos = [
  { extended: false, extensionPending: false },
  { extended: false, extensionPending: true },
  { extended: true, extensionPending: false },
  { extended: true, extensionPending: true },
];
const everyCase = statuses.flatMap((status) =>
  flagCombos.flatMap((flags) => actions.map((action) => ({ state: { status, reworkCount: 2, ...flags }, action }))),
);

describe('case workflow state machine', () => {
  it.each(everyCase.map((c) => [c.state.status, c.action, c.state.extended, c.state.extensionPending, c] as const))(
    '%s + %s (extended=%s, pending=%s)',
    (_s, _a, _e, _p, { state, action }) => {
      const target = expectedTarget(state, action);
      const result = transition(state, action);
      if (target === undefined) {
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.allowed).toEqual(allowedActions(state));
        expect(result.allowed).not.toContain(action);
        expect(result.message).toContain(`cannot ${action}`);
        for (const allowed of result.allowed) expect(result.message).toContain(allowed);
      } else {
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.state.status).toBe(target);
        expect(result.statusChanged).toBe(target !== state.status);
        expect(result.stage).toBe(stageOf(target));
        expect(allowedActions(state)).toContain(action);
      }
    },
  );

  it('lists exactly the hand-written legal actions per status', () => {
    for (const status of statuses) {
      const state = { status, reworkCount: 0, extended: false, extensionPending: false };
      const expected = actions.filter((a) => expectedTarget(state, a) !== undefined);
      expect(allowedActions(state)).toEqual(expected);
    }
  });

  it('rework goes back to dispatch and counts; extensions set the flags', () => {
    const start: CaseState = { status: 'verifying', reworkCount: 0, extended: false, extensionPending: false };
    const reworked = transition(start, 'rework');
    expect(reworked.ok && reworked.state).toEqual({ ...start, status: 'dispatched', reworkCount: 1 });
    const requested = transition({ ...start, status: 'handling' }, 'request_extension');
    expect(requested.ok && requested.state.extensionPending).toBe(true);
    expect(requested.ok && requested.statusChanged).toBe(false);
    const approved = transition({ ...start, status: 'handling', extensionPending: true }, 'approve_extension');
    expect(approved.ok && approved.state).toMatchObject({ extended: true, extensionPending: false });
    const denied = transition({ ...start, status: 'handling', extensionPending: true }, 'deny_extension');
    expect(denied.ok && denied.state).toMatchObject({ extended: false, extensionPending: false });
  });

  it('walks a whole case with one rework to evaluation', () => {
    let state: CaseState = { status: 'reported', reworkCount: 0, extended: false, extensionPending: false };
    const path: Action[] = ['register', 'dispatch', 'accept', 'report_back', 'verify', 'rework', 'accept', 'report_back', 'verify', 'pass', 'evaluate'];
    for (const action of path) {
      const result = transition(state, action);
      if (!result.ok) throw new Error(result.message);
      state = result.state;
    }
    expect(state).toEqual({ status: 'evaluated', reworkCount: 1, extended: false, extensionPending: false });
    const final = transition(state, 'register');
    expect(!final.ok && final.message).toContain('none (final)');
  });

  it('maps statuses to deadline stages', () => {
    expect(statuses.map(stageOf)).toEqual(['register', 'dispatch', null, 'handle', 'handle', 'verify', 'verify', null, null]);
  });

  it('keeps command decisions away from grid workers', () => {
    for (const a of ['register', 'reject', 'dispatch', 'pass', 'rework', 'approve_extension'] as Action[]) {
      expect(rolesFor(a)).not.toContain('grid_worker');
    }
    for (const a of ['accept', 'report_back', 'request_extension'] as Action[]) expect(rolesFor(a)).toContain('grid_worker');
    for (const a of actions) expect(rolesFor(a)).not.toContain('public');
    const state: CaseState = { status: 'dispatched', reworkCount: 0, extended: false, extensionPending: false };
    expect(allowedActions(state, 'grid_worker')).toEqual(['accept', 'request_extension']);
    expect(allowedActions(state, 'planner')).toEqual([]);
  });
});
