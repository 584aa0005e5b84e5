import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPersonal, maskPhone } from '../../server/access/mask.ts';
import type { Principal, Role } from '../../core/access/roles.ts';

describe('masking golden cases', () => {
  it.each([
    ['13812345678', '138****5678'],
    [' 13812345678 ', '138****5678'],
    ['024-23456789', '024****6789'],
    ['+8613812345678', '+86****5678'],
    ['1234567', '123****4567'],
    ['123456', '****'],
    ['', '****'],
  ])('phone %j → %j', (value, masked) => expect(maskPhone(value)).toBe(masked));

  it.each([
    ['210102199001011234', '210102********1234'],
    ['21010219900101123X', '210102********123X'],
    ['210102900101123', '210102*****1123'],
    ['1234567890', '**********'],
  ])('ID number %j → %j', (value, masked) => expect(maskIdNumber(value)).toBe(masked));

  it.each([
    ['张三', '张*'],
    ['张小明', '张*'],
    ['欧阳娜娜', '欧*'],
    ['王', '*'],
    ['𠀋子', '𠀋*'],
    ['Alice', 'A*'],
  ])('name %j → %j', (value, masked) => expect(maskName(value)).toBe(masked));
});

describe('maskPersonal', () => {
  const row = { code: 'I1', reporterName: '李四', reporterPhone: '13912345678', idNumber: '210102199001011234', track: '[[1,2]]', note: null };
  const fields = { reporterName: 'name', reporterPhone: 'phone', idNumber: 'idNumber', track: 'secret', note: 'name' } as const;
  const as = (role: Role): Principal => ({ role, scopeCode: null });

  it.each(['admin', 'commander', 'grid_worker'] as const)('gives %s the masked form, never the clear value', (role) => {
    expect(maskPersonal(as(role), row, fields)).toEqual({
      code: 'I1',
      reporterName: '李*',
      reporterPhone: '139****5678',
      idNumber: '210102********1234',
      track: null,
      note: null,
    });
  });

  it.each(['planner', 'public'] as const)('gives %s nothing personal at all', (role) => {
    expect(maskPersonal(as(role), row, fields)).toEqual({
      code: 'I1',
      reporterName: null,
      reporterPhone: null,
      idNumber: null,
      track: null,
      note: null,
    });
  });

  it('does not change the input record', () => {
    const copy = { ...row };
    maskPersonal(as('admin'), row, fields);
    expect(row).toEqual(copy);
  });
});
