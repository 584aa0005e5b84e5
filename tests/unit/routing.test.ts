import { describe, expect, it } from 'vitest';
import { statuses, type Status } from '../../core/workflow/machine.ts';
import type { Principal } from '../../core/access/roles.ts';
import {
  actsForOwner,
  allowedRouting,
  centerLevel,
  parentCenter,
  planRouting,
  routingActions,
  type Owner,
  type RoutingState,
} from '../../core/workflow/routing.ts';

const street: Owner = { kind: 'center', code: '210102001' };
const street2: Owner = { kind: 'center', code: '210102002' };
const district: Owner = { kind: 'center', code: '210102' };
const city: Owner = { kind: 'center', code: '210100' };
const dept: Owner = { kind: 'department', code: '区城管局' };
const streetCmd: Principal = { role: 'commander', scopeCode: '210102001' };
const districtCmd: Principal = { role: 'commander', scopeCode: '210102' };
const otherDistrictCmd: Principal = { role: 'commander', scopeCode: '210103' };
const cityCmd: Principal = { role: 'commander', scopeCode: null };
const admin: Principal = { role: 'admin', scopeCode: null };
const worker: Principal = { role: 'grid_worker', scopeCode: '210102001001', workerCode: 'W1' };
const planner: Principal = { role: 'planner', scopeCode: null };
const at = (owner: Owner, sender: Owner | null = null, status: Status = 'registered'): RoutingState => ({ status, owner, sender, assists: [] });

describe('centers', () => {
  it('names the level of a center code and the one above', () => {
    expect([centerLevel('210102001'), centerLevel('210102'), centerLevel('210100'), centerLevel('2101'), centerLevel('21010200100')]).toEqual([
      'street',
      'district',
      'city',
      'city',
      null,
    ]);
    expect([parentCenter('210102001'), parentCenter('210102'), parentCenter('210100')]).toEqual(['210102', '210100', null]);
  });
});

describe('who acts for a holder', () => {
  it.each([
    [streetCmd, street, true],
    [streetCmd, street2, false],
    [streetCmd, district, false],
    [districtCmd, street, true],
    [districtCmd, district, true],
    [districtCmd, city, false],
    [districtCmd, dept, false],
    [otherDistrictCmd, street, false],
    [cityCmd, city, true],
    [cityCmd, dept, true],
    [admin, dept, true],
    [worker, street, false],
    [planner, street, false],
  ] as const)('%o for %o: %s', (principal, owner, expected) => {
    expect(actsForOwner(principal, owner)).toBe(expected);
    // without acting for the holder, no move is offered and every move is a 403
    if (!expected) {
      expect(allowedRouting(at(owner, street), principal)).toEqual([]);
      for (const action of routingActions)
        expect(planRouting(at(owner, street), action, { reason: 'x', to: street2 }, principal)).toMatchObject({ ok: false, status: 403 });
    }
  });
});

describe('moves', () => {
  it('上报: street → district → city, each with a reason, the sender kept for 退回', () => {
    const up = planRouting(at(street), 'hand_up', { reason: '涉及两个街道' }, streetCmd);
    expect(up).toMatchObject({ ok: true, next: { owner: district, sender: street }, detail: { from: street, to: district, reason: '涉及两个街道' } });
    const up2 = planRouting(at(district, street), 'hand_up', { reason: '需市级协调' }, districtCmd);
    expect(up2).toMatchObject({ ok: true, next: { owner: city, sender: district } });
    expect(planRouting(at(street), 'hand_up', {}, streetCmd)).toMatchObject({ ok: false, status: 400, field: 'reason' });
    expect(planRouting(at(street), 'hand_up', { reason: '   ' }, streetCmd)).toMatchObject({ ok: false, status: 400, field: 'reason' });
    expect(planRouting(at(city), 'hand_up', { reason: 'x' }, cityCmd)).toMatchObject({ ok: false, status: 409 });
    expect(planRouting(at(dept), 'hand_up', { reason: 'x' }, cityCmd)).toMatchObject({ ok: false, status: 409 });
  });

  it('流转/转办: sideways to another street or to a department, never up or down', () => {
    expect(planRouting(at(street), 'transfer', { to: street2 }, districtCmd)).toMatchObject({ ok: true, next: { owner: street2, sender: street } });
    expect(planRouting(at(district, street), 'transfer', { to: dept }, districtCmd)).toMatchObject({ ok: true, next: { owner: dept, sender: district } });
    expect(planRouting(at(dept), 'transfer', { to: { kind: 'department', code: '区环保局' } }, cityCmd)).toMatchObject({ ok: true });
    expect(planRouting(at(street), 'transfer', { to: district }, streetCmd)).toMatchObject({ ok: false, status: 400, field: 'to.code' });
    expect(planRouting(at(street), 'transfer', { to: street }, streetCmd)).toMatchObject({ ok: false, status: 400, field: 'to.code' });
    expect(planRouting(at(street), 'transfer', { to: { kind: 'center', code: '2101020010' } }, streetCmd)).toMatchObject({ ok: false, status: 400 });
    expect(planRouting(at(street), 'transfer', {}, streetCmd)).toMatchObject({ ok: false, status: 400, field: 'to' });
  });

  it('退回: back to whoever sent it, with a reason; nothing to return a case nobody sent', () => {
    const back = planRouting(at(district, street), 'return', { reason: '属街道职责' }, districtCmd);
    expect(back).toMatchObject({ ok: true, next: { owner: street, sender: null }, detail: { from: district, to: street } });
    expect(planRouting(at(district, street), 'return', {}, districtCmd)).toMatchObject({ ok: false, status: 400, field: 'reason' });
    expect(planRouting(at(street), 'return', { reason: 'x' }, streetCmd)).toMatchObject({ ok: false, status: 409 });
  });

  it('协办: several departments, one lead who holds the case, the others listed', () => {
    const co = planRouting(at(city, district), 'co_handle', { departments: ['区城管局', '区环保局', '区城管局'], lead: '区城管局' }, cityCmd);
    expect(co).toMatchObject({ ok: true, next: { owner: dept, sender: city, assists: ['区环保局'] }, detail: { assists: ['区环保局'] } });
    expect(planRouting(at(city), 'co_handle', { departments: ['区城管局'], lead: '区城管局' }, cityCmd)).toMatchObject({ ok: false, field: 'departments' });
    expect(planRouting(at(city), 'co_handle', { departments: ['a', 'b'] }, cityCmd)).toMatchObject({ ok: false, field: 'lead' });
    expect(planRouting(at(city), 'co_handle', { departments: ['a', 'b'], lead: 'c' }, cityCmd)).toMatchObject({ ok: false, field: 'lead' });
  });

  it('moves only open cases not yet reported back; the status never changes', () => {
    for (const status of statuses) {
      const state = at(district, street, status);
      const routable = ['reported', 'registered', 'dispatched', 'handling'].includes(status);
      expect(allowedRouting(state, districtCmd), status).toEqual(routable ? ['hand_up', 'transfer', 'return', 'co_handle'] : []);
      const plan = planRouting(state, 'transfer', { to: { kind: 'center', code: '210103' } }, districtCmd);
      expect(plan.ok, status).toBe(routable);
      if (plan.ok) expect(plan.next.status).toBe(status);
      else expect(plan.status).toBe(409);
    }
  });
});
