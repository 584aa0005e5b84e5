/**
 * The demo lives in the present: incidents run from 2017 up to the seeding moment `now` (fixed here, so the
 * files are deterministic), the article's 2018–2020 figures stay exact, and today's open cases carry the
 * deadlines of the real workflow rules with only a few overdue. Checked on the generated CSV (no database);
 * tests/db/demo-present.test.ts checks a freshly seeded database with the KPI SQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { generateCity } from '../../geodata/generator/index.ts';
import { incidentPlan, preventableByYear } from '../../geodata/generator/incidents.ts';
import { simulateCase } from '../../geodata/generator/incidents-recent.ts';
import { createRandom } from '../../geodata/generator/random.ts';
import { openStatuses } from '../../core/workflow/machine.ts';

const cacheDir = fileURLToPath(new URL('../../.data/cache', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'pingan-present-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PREVENTABLE = new Set(['theft', 'burglary', 'fraud', 'vehicle_theft']);
const localDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

describe('incident volumes up to now', () => {
  it('keeps −10.3% / −54.9% / −48.4% for 2018–2020 and declines gently after, whatever the last year', () => {
    for (const target of [667, 10_000]) {
      const y = preventableByYear(target, 2026);
      const change = (a: number, b: number) => Math.round((y[b]! / y[a]! - 1) * 1000) / 10;
      expect([change(2017, 2018), change(2018, 2019), change(2019, 2020)]).toEqual([-10.3, -54.9, -48.4]);
      for (let year = 2022; year <= 2026; year++) expect(change(year - 1, year)).toBeCloseTo(-7, 0);
    }
  });

  it('spreads the total over every year up to now, the current year pro rata, others growing', () => {
    const plan = incidentPlan(10_000, new Date('2026-07-02T12:00:00+08:00'));
    expect(plan.years).toEqual([2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    const total = Object.values(plan.preventable).reduce((s, n) => s + n, 0) + Object.values(plan.other).reduce((s, n) => s + n, 0);
    expect(total).toBe(10_000);
    for (let year = 2019; year <= 2025; year++) expect(plan.other[year]!).toBeGreaterThan(plan.other[year - 1]!);
    // half of 2026 has passed: about half a year's cases
    expect(plan.other[2026]! / plan.other[2025]!).toBeGreaterThan(0.45);
    expect(plan.other[2026]! / plan.other[2025]!).toBeLessThan(0.65);
    expect(() => incidentPlan(10_000, new Date('2020-06-01T00:00:00Z'))).toThrow(/after 2020/);
  });
});

describe('a case played through the workflow rules', () => {
  it('never acts after now and leaves open cases with a future stage deadline unless a step ran late', () => {
    const rng = createRandom(1, 'sim');
    const now = Date.parse('2026-03-04T15:30:00+08:00');
    let open = 0;
    let overdue = 0;
    for (let n = 0; n < 4000; n++) {
      const reported = now - Math.floor(rng.next() * 20 * 86_400_000);
      const category = ['dispute', 'theft', 'fire_hazard', 'city_management', 'other'][n % 5]!;
      const { record, updated } = simulateCase({ category, reported, now, rejectable: category === 'other', assignee: ['grid_worker', 'GW1'] }, rng);
      expect(updated).toBeLessThanOrEqual(now);
      expect(updated).toBeGreaterThanOrEqual(reported);
      if (openStatuses.includes(record.status)) {
        open++;
        expect(record.stageDueAt).not.toBeNull();
        if (record.stageDueAt!.getTime() < now) overdue++;
      } else {
        expect(record.stageDueAt).toBeNull();
      }
    }
    expect(open).toBeGreaterThan(100);
    expect(overdue / open).toBeLessThanOrEqual(0.1);
  });
});

describe('the generated demo at a fixed now (Wednesday 15:30)', () => {
  const now = new Date('2026-03-04T15:30:00+08:00');
  let rows: Record<string, string>[] = [];

  it('runs from 2017 to now with the figures exact, cases today, a full last 12 months and nothing in the future', { timeout: 120_000 }, async () => {
    const dir = path.join(work, 'small');
    await generateCity({ scale: 'small', seed: 1, incidents: 10_000, now, dir, cacheDir });
    rows = parse(readFileSync(path.join(dir, 'incidents.csv')), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(10_000);
    const all: Record<string, number> = {};
    for (const r of rows) if (PREVENTABLE.has(r.category!)) all[r.reported_at!.slice(0, 4)] = (all[r.reported_at!.slice(0, 4)] ?? 0) + 1;
    const change = (a: number, b: number) => Math.round((all[b]! / all[a]! - 1) * 1000) / 10;
    expect(Object.keys(all)).toEqual(['2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026']);
    expect([change(2017, 2018), change(2018, 2019), change(2019, 2020)]).toEqual([-10.3, -54.9, -48.4]);
    const at = (r: Record<string, string>, c: string) => (r[c] ? Date.parse(r[c]!) : null);
    const future = rows.filter((r) => ['occurred_at', 'reported_at', 'dispatched_at', 'closed_at', 'updated_at'].some((c) => (at(r, c) ?? 0) > now.getTime()));
    expect(future).toEqual([]);
    expect(rows.filter((r) => localDay(at(r, 'reported_at')!) === localDay(now.getTime())).length).toBeGreaterThanOrEqual(3);
    const lastYear = rows.filter((r) => at(r, 'reported_at')! > now.getTime() - 365 * 86_400_000).length;
    expect(lastYear).toBeGreaterThan(800);
  });

  it('spreads today’s open cases over the workflow with real deadlines, ≤ 10% overdue', () => {
    const open = rows.filter((r) => openStatuses.includes(r.status as never));
    const statuses = new Set(open.map((r) => r.status));
    expect(open.length).toBeGreaterThan(10);
    expect(statuses.size).toBeGreaterThanOrEqual(3);
    expect(open.every((r) => r.stage_due_at && r.escalate_at)).toBe(true);
    // the KPI condition: open and coalesce(stage_due_at, due_at) < now
    const overdue = open.filter((r) => Date.parse(r.stage_due_at || r.due_at!) < now.getTime());
    expect(overdue.length / open.length).toBeLessThanOrEqual(0.1);
    // every case older than the recent window is finished
    const old = rows.filter((r) => Date.parse(r.reported_at!) < now.getTime() - 31 * 86_400_000);
    expect(old.filter((r) => openStatuses.includes(r.status as never))).toEqual([]);
  });
});

describe('seeded exactly at local midnight', () => {
  it('keeps every case before now and time moving forward (no window left for today)', { timeout: 120_000 }, async () => {
    const now = new Date('2026-03-05T00:00:00+08:00');
    const dir = path.join(work, 'midnight');
    await generateCity({ scale: 'small', seed: 1, incidents: 3_000, now, dir, cacheDir });
    const rows = parse(readFileSync(path.join(dir, 'incidents.csv')), { columns: true }) as Record<string, string>[];
    const ms = (r: Record<string, string>, c: string) => (r[c] ? Date.parse(r[c]!) : null);
    const backwards = rows.filter(
      (r) =>
        ms(r, 'reported_at')! < ms(r, 'occurred_at')! ||
        ms(r, 'reported_at')! >= now.getTime() ||
        (ms(r, 'dispatched_at') ?? Infinity) < ms(r, 'reported_at')! ||
        (ms(r, 'closed_at') ?? Infinity) < (ms(r, 'dispatched_at') ?? 0),
    );
    expect(backwards.map((r) => r.code)).toEqual([]);
  });
});
