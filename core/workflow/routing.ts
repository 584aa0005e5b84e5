/**
 * Who holds a case (pure): the three levels of centers (三级综治中心 — street, district, city, each named by
 * its area code) and functional departments' queues, and the moves between them: 上报 hand up (a center
 * gives a case it cannot solve to the level above, with a reason), 流转/转办 transfer (to another center of
 * the same level or to a department), 退回 return (back to whoever sent it, with a reason) and 协办
 * co-handling (several departments, one lead who holds the case). Moves keep the workflow status: the
 * case changes desks, not steps. The workflow machine (machine.ts) decides the steps; this decides the desk.
 */
import type { Principal } from '../access/roles.ts';
import { openStatuses, type Status } from './machine.ts';

export const routingActions = ['hand_up', 'transfer', 'return', 'co_handle'] as const;
export type RoutingAction = (typeof routingActions)[number];

export type OwnerKind = 'center' | 'department';
export interface Owner {
  kind: OwnerKind;
  code: string;
}
export type CenterLevel = 'street' | 'district' | 'city';

export interface RoutingState {
  status: Status;
  owner: Owner | null;
  /** who handed the case to its owner; null when it is where it was reported, or after a return */
  sender: Owner | null;
  /** 协办 departments besides the lead (the owner) */
  assists: readonly string[];
}

export interface RoutingInput {
  /** transfer: where to (a center of the owner's level, or a department) */
  to?: Owner;
  reason?: string;
  /** co_handle: every department taking part, the lead among them */
  departments?: readonly string[];
  lead?: string;
}

/**
 * The level of a center code: 9 digits a street, 6 a district, a 6-digit code ending in 00 (or 4 digits) the city.
 *
 * @example
 * centerLevel('210102001') // 'street'
 */
export function centerLevel(code: string): CenterLevel | null {
  if (!/^\d+$/.test(code)) return null;
  if (code.length === 4 || (code.length === 6 && code.endsWith('00'))) return 'city';
  if (code.length === 6) return 'district';
  if (code.length === 9) return 'street';
  return null;
}

/**
 * The center one level up: street → its district, district → the city (`2101` → `210100`); null above the city.
 *
 * @example
 * parentCenter('210102001') // '210102'
 */
export function parentCenter(code: string): string | null {
  switch (centerLevel(code)) {
    case 'street':
      return code.slice(0, 6);
    case 'district':
      return `${code.slice(0, 4)}00`;
    default:
      return null;
  }
}

/** Statuses in which a case may change desks: open and not yet reported back (feedback/verifying are the holder's own check). */
export const routableStatuses: readonly Status[] = openStatuses.filter((s) => s !== 'feedback' && s !== 'verifying');

/**
 * Whether the caller acts for the case's holder: admins always; a commander when the holding center lies in
 * their area (a street commander for their street, a district commander for the district and its streets, a
 * city commander for every center); department queues are run from the city center (departments have no
 * accounts of their own). Grid workers, planners and the public never move cases.
 *
 * @example
 * actsForOwner({ role: 'commander', scopeCode: '210102' }, { kind: 'center', code: '210102001' }) // true
 */
export function actsForOwner(principal: Principal, owner: Owner | null): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role !== 'commander' || !owner) return false;
  if (principal.scopeCode === null) return true;
  return owner.kind === 'center' && owner.code.startsWith(principal.scopeCode);
}

const same = (a: Owner | null, b: Owner | null) => !!a && !!b && a.kind === b.kind && a.code === b.code;

/** Why an action is not legal in a state (null: legal, input aside). */
function blocked(state: RoutingState, action: RoutingAction): string | null {
  if (!routableStatuses.includes(state.status)) return `the case is ${state.status}`;
  if (!state.owner) return 'the case has no holder';
  switch (action) {
    case 'hand_up':
      if (state.owner.kind !== 'center') return 'only a center hands a case up';
      return parentCenter(state.owner.code) ? null : 'the city center has no level above';
    case 'return':
      return state.sender ? null : 'nobody sent the case here';
    default:
      return null;
  }
}

/**
 * Routing actions legal now, optionally only those the caller may take.
 *
 * @example
 * allowedRouting({ status: 'registered', owner: { kind: 'center', code: '210102001' }, sender: null, assists: [] })
 * // ['hand_up', 'transfer', 'co_handle']
 */
export function allowedRouting(state: RoutingState, principal?: Principal): RoutingAction[] {
  if (principal && !actsForOwner(principal, state.owner)) return [];
  return routingActions.filter((a) => blocked(state, a) === null);
}

export type RoutingPlan =
  | { ok: true; next: RoutingState; detail: { from: Owner; to: Owner; reason: string | null; assists?: string[] } }
  | { ok: false; status: 400 | 403 | 409; message: string; field?: string };

const bad = (message: string, field: string): RoutingPlan => ({ ok: false, status: 400, message, field });

/**
 * Plans one move: the new holder, sender and 协办 list, or a refusal (403 the caller does not act for the
 * holder, 409 illegal now naming what is allowed, 400 naming the missing or wrong field). Whether a target
 * center or department exists is the caller's to check (it needs the database).
 *
 * @example
 * planRouting(state, 'hand_up', { reason: '涉及多个街道' }, commander)
 * // { ok: true, next: { owner: { kind: 'center', code: '210102' }, sender: { kind: 'center', code: '210102001' }, … } }
 */
export function planRouting(state: RoutingState, action: RoutingAction, input: RoutingInput, principal: Principal): RoutingPlan {
  if (!actsForOwner(principal, state.owner)) {
    return {
      ok: false,
      status: 403,
      message: `${principal.role} ${principal.scopeCode ?? ''} does not act for the case's holder ${state.owner?.code ?? 'none'}`.replace('  ', ' '),
    };
  }
  const why = blocked(state, action);
  if (why) {
    const allowed = allowedRouting(state);
    return { ok: false, status: 409, message: `cannot ${action}: ${why}; allowed: ${allowed.length ? allowed.join(', ') : 'none'}` };
  }
  const owner = state.owner!;
  const reason = input.reason?.trim() || null;
  // A move up or back must say why: that sentence is what the receiving desk acts on.
  if ((action === 'hand_up' || action === 'return') && !reason) return bad(`${action} needs a reason`, 'reason');

  let to: Owner;
  let assists: string[] = [];
  switch (action) {
    case 'hand_up':
      to = { kind: 'center', code: parentCenter(owner.code)! };
      break;
    case 'return':
      to = state.sender!;
      break;
    case 'transfer': {
      if (!input.to) return bad('transfer needs to {kind, code}', 'to');
      to = input.to;
      if (same(to, owner)) return bad('the case is already there', 'to.code');
      if (to.kind === 'center') {
        const level = centerLevel(to.code);
        if (!level) return bad(`${to.code} is not a center code (street 9, district 6, city 6 digits ending in 00)`, 'to.code');
        // 上报 goes up, 退回 goes back; a transfer is sideways (street to street) or to a department
        if (owner.kind === 'center' && level !== centerLevel(owner.code))
          return bad(`a transfer goes to another ${centerLevel(owner.code)} center; use hand_up to go up`, 'to.code');
      }
      break;
    }
    case 'co_handle': {
      const departments = [...new Set(input.departments ?? [])];
      if (departments.length < 2) return bad('co-handling needs at least two departments', 'departments');
      if (!input.lead) return bad('co-handling needs a lead department', 'lead');
      if (!departments.includes(input.lead)) return bad('the lead must be one of the departments', 'lead');
      to = { kind: 'department', code: input.lead };
      assists = departments.filter((d) => d !== input.lead);
      break;
    }
  }
  const next: RoutingState = { status: state.status, owner: to, sender: action === 'return' ? null : owner, assists };
  return { ok: true, next, detail: { from: owner, to, reason, ...(action === 'co_handle' ? { assists } : {}) } };
}

export const routingLabels: Record<RoutingAction, { zh: string; en: string }> = {
  hand_up: { zh: '上报上级', en: 'Hand up' },
  transfer: { zh: '流转/转办', en: 'Transfer' },
  return: { zh: '退回', en: 'Return' },
  co_handle: { zh: '协办', en: 'Co-handle' },
};

export const centerLevelLabels: Record<CenterLevel, { zh: string; en: string }> = {
  street: { zh: '街道综治中心', en: 'Street center' },
  district: { zh: '区综治中心', en: 'District center' },
  city: { zh: '市综治中心', en: 'City center' },
};
