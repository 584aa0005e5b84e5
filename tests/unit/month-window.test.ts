import { describe, expect, it } from 'vitest';
import { monthWindow } from '../../db/queries/kpis-series.ts';

describe('monthWindow (Asia/Shanghai months for the trend)', () => {
  it.each([
    ['the end of a year', '2022-01-01T00:00:00+08:00', 12, '2021-01-01 00:00', '2022-01-01 00:00'],
    ['mid-month', '2026-11-27T12:00:00Z', 12, '2025-12-01 00:00', '2026-12-01 00:00'],
    ['a UTC evening that is already next month locally', '2026-01-31T17:00:00Z', 1, '2026-02-01 00:00', '2026-03-01 00:00'],
    ['exactly a local month start belongs to the month before', '2026-03-01T00:00:00+08:00', 2, '2026-01-01 00:00', '2026-03-01 00:00'],
    ['across a year boundary', '2024-02-10T00:00:00Z', 3, '2023-12-01 00:00', '2024-03-01 00:00'],
  ])('%s', (_name, to, months, first, end) => {
    expect(monthWindow(new Date(to), months)).toEqual({ first, end });
  });
});
