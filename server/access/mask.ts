import type { Principal, Role } from '../../core/access/roles.ts';

/**
 * Field-level masking of personal data (PIPL practice). Pure functions; every route that returns a
 * personal field passes it through `maskPersonal`. Clear values are only returned by the audited
 * `POST /api/personal/reveal`.
 */

/**
 * Phone: first 3 and last 4 kept, `****` between; shorter than 7 characters → `****`.
 *
 * @example
 * maskPhone('13812345678') // '138****5678'
 */
export function maskPhone(phone: string): string {
  const value = phone.trim();
  return value.length < 7 ? '****' : `${value.slice(0, 3)}****${value.slice(-4)}`;
}

/**
 * Resident ID number: first 6 (region) and last 4 kept, every character between masked
 * (18 digits → 6 + 8 `*` + 4); shorter than 11 characters → all masked.
 *
 * @example
 * maskIdNumber('210102199001011234') // '210102********1234'
 */
export function maskIdNumber(idNumber: string): string {
  const value = idNumber.trim();
  if (value.length < 11) return '*'.repeat(value.length);
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}

/**
 * Name: the first character (the surname for most Chinese names) and ONE `*`, whatever the length,
 * so the mask does not reveal how long the given name is (张三 → 张*, 欧阳娜娜 → 欧*). A one-character
 * value becomes `*`. Works per code point, so CJK extension characters are not split.
 *
 * @example
 * maskName('张小明') // '张*'
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.length <= 1 ? '*' : `${chars[0]}*`;
}

/** How a personal field is masked. `secret`: never shown (e.g. a track), only through reveal. */
export type MaskKind = 'name' | 'phone' | 'idNumber' | 'secret';

const maskers: Record<MaskKind, (value: string) => string | null> = {
  name: maskName,
  phone: maskPhone,
  idNumber: maskIdNumber,
  secret: () => null,
};

/** Roles that may see masked personal fields at all; planner and public get null instead. */
export const personalRoles: readonly Role[] = ['admin', 'commander', 'grid_worker'];

/**
 * Masks the personal fields of one record for a principal: admin, commander and grid worker get the
 * masked form, planner and public get null. Other fields are copied unchanged; null stays null.
 *
 * @example
 * maskPersonal(principal, row, { reporterName: 'name', reporterPhone: 'phone' })
 * // { ...row, reporterName: '李*', reporterPhone: '139****0001' }
 */
export function maskPersonal<T extends Record<string, unknown>>(principal: Principal, record: T, fields: Partial<Record<keyof T, MaskKind>>): T {
  const copy: Record<string, unknown> = { ...record };
  const maySee = personalRoles.includes(principal.role);
  for (const [field, kind] of Object.entries(fields) as [string, MaskKind][]) {
    const value = copy[field];
    if (value === null || value === undefined) continue;
    copy[field] = maySee ? maskers[kind](String(value)) : null;
  }
  return copy as T;
}
