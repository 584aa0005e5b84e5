import { describe, expect, it } from 'vitest';
import { assertInScope } from '../../server/access/scope.ts';
import { areaLevel } from '../../core/areas/codes.ts';
import { inScope } from '../../core/access/scope.ts';
import type { Principal } from '../../core/access/roles.ts';

const district: Principal = { role: 'commander', scopeCode: '210102' };
const street: Principal = { role: 'commander', scopeCode: '210102001' };
const city: Principal = { role: 'commander', scopeCode: null };
const worker: Principal = { role: 'grid_worker', scopeCode: '210102001001', workerCode: 'W1' };

describe('inScope', () => {
  it('limits commanders by code prefix', () => {
    expect(inScope(district, '21010200100101')).toBe(true);
    expect(inScope(district, '210103001')).toBe(false);
    expect(inScope(street, '210102001002')).toBe(true);
    expect(inScope(street, '210102002001')).toBe(false);
    expect(inScope(street, '210102')).toBe(false); // the district above is not inside the street
    expect(inScope(city, '210103001')).toBe(true);
  });

  it('limits grid workers to their community, and a worker without scope to nothing', () => {
    expect(inScope(worker, '21010200100103')).toBe(true);
    expect(inScope(worker, '21010200100201')).toBe(false);
    expect(inScope({ role: 'grid_worker', scopeCode: null }, '210102')).toBe(false);
  });

  it('does not limit admin, planner and public by area', () => {
    for (const role of ['admin', 'planner', 'public'] as const) expect(inScope({ role, scopeCode: null }, '999999')).toBe(true);
  });

  it('throws a 404 (not 403) outside the scope or for no code', () => {
    expect(() => assertInScope(district, '210103', 'area 210103')).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => assertInScope(district, null, 'incident X')).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => assertInScope(district, '210102001', 'street')).not.toThrow();
  });

  it('knows the level of a code by its length', () => {
    expect(['210102', '210102001', '210102001001', '21010200100101', '2101', '21010a'].map(areaLevel)).toEqual([
      'district',
      'street',
      'community',
      'grid',
      undefined,
      undefined,
    ]);
  });
});
