import { describe, expect, it } from 'vitest';
import { localDay, localPeriod, parseInstant } from '../../core/formats/local-date.ts';
import { instantSchema, periodEndSchema } from '../../core/contracts/instant.ts';
import { kpiQuerySchema, trendQuerySchema } from '../../core/contracts/kpis.ts';
import { listIncidentsQuerySchema } from '../../core/contracts/incidents.ts';
import { auditQuerySchema } from '../../core/contracts/auth-audit.ts';
import { open311ListQuerySchema } from '../../core/contracts/open311.ts';
import { hotspotQuerySchema } from '../../core/contracts/planning.ts';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

describe('dates as people mean them (Asia/Shanghai)', () => {
  it('takes a bare date as the start of the local day, or its end as a period end', () => {
    expect(iso(parseInstant('2021-01-01'))).toBe('2020-12-31T16:00:00.000Z');
    expect(iso(parseInstant('2021-12-31', 'end'))).toBe('2021-12-31T16:00:00.000Z');
    // the year ends at 2021-12-31 24:00 local: the last local second is inside, the next year's first is not
    const end = parseInstant('2021-12-31', 'end')!;
    expect(Date.parse('2021-12-31T23:59:59+08:00') < end && Date.parse('2022-01-01T00:00:00+08:00') >= end).toBe(true);
    expect(iso(parseInstant('2024-02-29', 'end'))).toBe('2024-02-29T16:00:00.000Z');
  });

  it('takes date-times with an offset as given, and refuses what is not a real date', () => {
    expect(iso(parseInstant('2021-12-31T08:00:00+08:00', 'end'))).toBe('2021-12-31T00:00:00.000Z');
    expect(iso(parseInstant('2021-12-31T08:00Z'))).toBe('2021-12-31T08:00:00.000Z');
    expect(iso(parseInstant('2021-12-31T08:00:00.5+0800'))).toBe('2021-12-31T00:00:00.500Z');
    for (const bad of ['2023-02-29', '2021-13-01', '2021-12-31T24:00:00Z', '2021-12-31T08:00:00', 'yesterday', '20211231', ''])
      expect([bad, parseInstant(bad)]).toEqual([bad, null]);
  });

  it('prints a half-open period as the local days it covers', () => {
    expect(localPeriod('2020-12-31T16:00:00Z', '2021-12-31T16:00:00Z')).toEqual({ from: '2021-01-01', to: '2021-12-31' });
    expect(localDay('2020-12-31T16:00:00Z')).toBe('2021-01-01');
    expect(localPeriod('2021-03-01T00:00:00Z', '2021-03-01T10:00:00Z')).toEqual({ from: '2021-03-01', to: '2021-03-01' });
  });

  it('is the same in every contract that takes a period', () => {
    const year = { from: '2021-01-01', to: '2021-12-31' };
    const expected = { from: '2020-12-31T16:00:00.000Z', to: '2021-12-31T16:00:00.000Z' };
    expect(kpiQuerySchema.parse(year)).toEqual(expected);
    expect(listIncidentsQuerySchema.parse(year)).toMatchObject(expected);
    expect(open311ListQuerySchema.parse({ start_date: year.from, end_date: year.to })).toMatchObject({ start_date: expected.from, end_date: expected.to });
    const audit = auditQuerySchema.parse(year);
    expect([audit.from?.toISOString(), audit.to?.toISOString()]).toEqual([expected.from, expected.to]);
    const hot = hotspotQuerySchema.parse(year);
    expect([hot.from?.toISOString(), hot.to?.toISOString()]).toEqual([expected.from, expected.to]);
    // a trend's `to` names the month that contains it: a date is its start, not the next day
    expect(trendQuerySchema.parse({ to: '2021-12-31' }).to).toBe('2021-12-30T16:00:00.000Z');
    const refused = kpiQuerySchema.safeParse({ from: '2018-02-30' });
    expect(refused.success ? null : refused.error.issues[0]!.path).toEqual(['from']);
    expect(instantSchema.parse('2018-01-01')).toBe('2017-12-31T16:00:00.000Z');
    expect(periodEndSchema.safeParse('2018-01-01T00:00:00').success).toBe(false);
  });
});
