/**
 * Synthetic incidents from 2017 up to the moment the demo is seeded (`now`): a 2017 baseline of
 * preventable cases, then the article's year-on-year changes exactly (to 0.1%) for 2018–2020 and a gentle
 * decline after; other categories keep growing. Disputes follow the national dispute-type mix and are
 * ≥ 95% resolved; locations are drawn by grid population, so cases cluster where people live. Cases of the
 * last weeks are played through the real workflow rules (incidents-recent.ts), so today's open cases are
 * spread over the workflow with real deadlines; older ones are closed (some reworked or extended).
 */
import type { GridCell, UnitArea } from './city.ts';
import { ARTICLE_FIGURES } from './figures.ts';
import { pastWorkflow, recentWorkflow } from './incidents-workflow.ts';
import { pointInGrid } from './sites.ts';
import { fakePhone, personName } from './people.ts';
import { aliasSampler, allocate, type Random } from './random.ts';

export const FIRST_INCIDENT_YEAR = 2017;
/** Cases reported this long before `now` are played through the workflow; older ones are history. */
export const RECENT_DAYS = 30;
export const PREVENTABLE = ['theft', 'burglary', 'fraud', 'vehicle_theft'] as const;
export const PREVENTABLE_MIX = [45, 20, 25, 10];
export const OTHER = ['dispute', 'public_safety', 'fire_hazard', 'city_management', 'environment', 'other'] as const;
export const OTHER_MIX = [38, 10, 6, 24, 16, 6];
/** justice-bureau dispute types, national mix (邻里 ≈23%, 婚姻家庭 ≈20%, 损害赔偿 ≈8%, 房屋宅基地 ≈7%) */
export const DISPUTE_MIX: [string, number][] = [
  ['neighbour', 23],
  ['marriage_family', 20],
  ['damages', 8],
  ['housing_land', 7],
  ['contract', 6],
  ['labour', 6],
  ['traffic_accident', 6],
  ['property_mgmt', 6],
  ['business', 4],
  ['expropriation', 3],
  ['forest_land', 3],
  ['consumer', 2],
  ['medical', 1.5],
  ['pollution', 1.5],
  ['other', 2],
];
/** relative volume of the other categories per year (2018–2021 as before; +8% a year after) */
const otherWeight = (year: number) => (year <= 2021 ? { 2018: 0.21, 2019: 0.24, 2020: 0.26, 2021: 0.29 }[year]! : 0.29 * 1.08 ** (year - 2021));
export const DESCRIPTIONS: Record<string, string[]> = {
  dispute: ['邻里因噪音发生纠纷', '家庭矛盾请求调解', '因停车位发生争执', '物业费用争议', '工资拖欠引发争议'],
  theft: ['电动车电瓶被盗', '自行车被盗', '店铺财物被盗'],
  burglary: ['住户报称家中被盗', '门锁被撬，财物丢失'],
  fraud: ['居民接到冒充客服电话被骗', '网络刷单被骗'],
  vehicle_theft: ['小区内机动车被盗', '电动车整车被盗'],
  public_safety: ['楼道照明损坏存在隐患', '井盖缺失', '围墙开裂存在倒塌隐患'],
  fire_hazard: ['楼道堆放杂物堵塞通道', '电动车楼内充电', '消防栓损坏'],
  city_management: ['占道经营', '违章搭建', '路灯不亮', '道路破损'],
  environment: ['垃圾清运不及时', '污水外溢', '绿地毁损'],
  other: ['居民咨询政策', '其他事项'],
};

/**
 * Preventable cases per full year up to `lastYear`: 2017 baseline near `target`, the article's changes for
 * 2018–2020 (the first baseline at or above `target` whose rounded changes equal the figures exactly),
 * then −15% in 2021 and a gentle −7% a year after.
 *
 * @example
 * preventableByYear(10_000) // { 2017: 10000, 2018: 8970, 2019: 4045, 2020: 2087, 2021: 1774 }
 * preventableByYear(10_000, 2023)[2023] // 1534
 */
export function preventableByYear(target: number, lastYear = 2021): Record<number, number> {
  const change = ARTICLE_FIGURES.preventableChange;
  for (let base = Math.max(100, Math.round(target)); base < target * 4 + 1000; base++) {
    const y2018 = Math.round(base * (1 + change[2018]));
    const y2019 = Math.round(y2018 * (1 + change[2019]));
    const y2020 = Math.round(y2019 * (1 + change[2020]));
    const exact = (a: number, b: number, c: number) => Math.round((b / a - 1) * 1000) === Math.round(c * 1000);
    if (exact(base, y2018, change[2018]) && exact(y2018, y2019, change[2019]) && exact(y2019, y2020, change[2020])) {
      const years: Record<number, number> = { 2017: base, 2018: y2018, 2019: y2019, 2020: y2020 };
      for (let year = 2021; year <= lastYear; year++) years[year] = Math.round(years[year - 1] * (year === 2021 ? 0.85 : 0.93));
      return years;
    }
  }
  throw new Error(`cannot reproduce the preventable-case figures with about ${target} cases a year`);
}

export interface IncidentContext {
  grids: GridCell[];
  unitOf: (grid: GridCell) => UnitArea;
  streetOf: (grid: GridCell) => string;
  districtOf: (grid: GridCell) => string;
  /** code of the mediation point serving a community */
  mediationPointOf: (communityCode: string) => string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFSET = 8 * HOUR;

/** ISO-8601 with the +08:00 offset (Asia/Shanghai has no DST). */
export const isoLocal = (ms: number) => new Date(ms + OFFSET).toISOString().replace('Z', '+08:00');

export const INCIDENT_COLUMNS = [
  'code',
  'category',
  'dispute_type',
  'status',
  'source',
  'description',
  'reporter_name',
  'reporter_phone',
  'resolved',
  'rework_count',
  'extended',
  'occurred_at',
  'reported_at',
  'dispatched_at',
  'due_at',
  'closed_at',
  'grid_code',
  'community_code',
  'street_code',
  'district_code',
  'synthetic',
  'assignee_kind',
  'assignee_code',
  'satisfaction',
  'updated_at',
  'stage_due_at',
  'escalate_at',
  'lon',
  'lat',
];

const localYear = (ms: number) => new Date(ms + OFFSET).getUTCFullYear();
/** 08:00 local on 1 January of `year`. */
const yearStart = (year: number) => Date.UTC(year, 0, 1) - OFFSET + 8 * HOUR;

/**
 * How many cases of each group every year holds, up to `now` (the current year pro rata): preventable ones
 * by `preventableByYear`, the rest of `total` over 2018… by the growing weights.
 *
 * @example
 * incidentPlan(10_000, new Date('2026-12-04T10:00:00+08:00')).preventable[2020] // 139
 */
export function incidentPlan(total: number, now: Date) {
  const end = now.getTime();
  const last = localYear(end);
  if (last < 2021) throw new Error('now must lie after 2020: the article figures need 2018–2020 complete');
  // share of each year that lies before now: 1 for every full year, the elapsed part of the current one
  const elapsed = (year: number) => (year < last ? 1 : Math.min(1, Math.max(0, (end - yearStart(year)) / (yearStart(year + 1) - yearStart(year)))));
  const full = preventableByYear((total * 0.18) / 2.7, last);
  const preventable: Record<number, number> = {};
  for (const [year, n] of Object.entries(full)) preventable[Number(year)] = Math.round(n * elapsed(Number(year)));
  const preventableTotal = Object.values(preventable).reduce((s, n) => s + n, 0);
  if (preventableTotal >= total) throw new Error(`--incidents ${total} is too small (needs > ${preventableTotal})`);
  const years: number[] = [];
  for (let year = 2018; year <= last; year++) years.push(year);
  const split = allocate(
    total - preventableTotal,
    years.map((y) => otherWeight(y) * elapsed(y)),
  );
  const other: Record<number, number> = Object.fromEntries(years.map((y, i) => [y, split[i]]));
  return { years: [FIRST_INCIDENT_YEAR, ...years], preventable, other, end };
}

/**
 * Emits `total` incidents reported before `now` through `emit` (one CSV row each), in year order; a few of
 * them reported today. Same seed (rng) and `now` → same rows.
 *
 * @example
 * generateIncidents(150_000, context, rng, (row) => csv.row(row), new Date());
 */
export function generateIncidents(total: number, context: IncidentContext, rng: Random, emit: (row: (string | number | boolean | null)[]) => void, now: Date) {
  const { years, preventable, other, end } = incidentPlan(total, now);
  const { grids } = context;
  const byPeople = aliasSampler(grids.map((g) => (g.kind === 'general' ? g.population + 50 : 300)));
  const byDensity = aliasSampler(grids.map((g) => (g.kind === 'general' ? g.population ** 1.15 + 50 : 100)));
  const spread = grids.map((g) => Math.max(20, Math.sqrt(Math.abs(cellArea(g))) / 8));
  const disputeTypes = aliasSampler(DISPUTE_MIX.map((d) => d[1]));
  const todayStart = Math.floor((end + OFFSET) / DAY) * DAY - OFFSET;
  let sequence = 0;

  for (const year of years) {
    const start = yearStart(year);
    const stop = Math.min(Date.UTC(year, 11, 31) - OFFSET + 20 * HOUR, end - 5 * 60_000); // … 20:00 on 31 December, or now
    const plan: string[] = [];
    for (let n = 0; n < (preventable[year] ?? 0); n++) plan.push(PREVENTABLE[rng.weighted(PREVENTABLE_MIX)]);
    for (let n = 0; n < (other[year] ?? 0); n++) plan.push(OTHER[rng.weighted(OTHER_MIX)]);
    const times = plan.map(() => start + Math.floor(rng.next() * Math.max(0, stop - start)));
    // "今日上报" is never 0 on a fresh demo: the current year's last few cases fall on today so far
    if (year === localYear(end) && plan.length > 0) {
      const today = Math.min(plan.length, 3 + Math.round(plan.length / 365));
      // up to a second before now, so even a demo seeded minutes after midnight has today's cases
      const from = Math.max(start, todayStart);
      if (end - 1000 > from) for (let n = 0; n < today; n++) times[n] = from + Math.floor(rng.next() * (end - 1000 - from));
    }
    times.sort((a, b) => a - b);
    rng.shuffle(plan);
    plan.forEach((category, n) => {
      sequence++;
      const g = PREVENTABLE.includes(category as never) ? byDensity(rng) : byPeople(rng);
      const grid = grids[g];
      const at = pointInGrid(grid, rng, spread[g]);
      const code = `E${year}${String(sequence).padStart(7, '0')}`;
      emit(incidentRow(code, category, times[n], end, grid, context.unitOf(grid), context, rng, at, disputeTypes));
    });
  }
}

function incidentRow(
  code: string,
  category: string,
  occurred: number,
  now: number,
  grid: GridCell,
  unit: UnitArea,
  context: IncidentContext,
  rng: Random,
  at: [number, number],
  disputeTypes: (rng: Random) => number,
) {
  const isDispute = category === 'dispute';
  const isPreventable = PREVENTABLE.includes(category as never);
  const source = isPreventable
    ? rng.pick(['public', 'public', 'hotline', 'video'])
    : ['grid_worker', 'grid_worker', 'grid_worker', 'public', 'hotline', 'hotline', 'video', 'higher_level'][rng.int(0, 7)];
  const reported = Math.min(now - 1000, occurred + Math.floor((source === 'grid_worker' || source === 'video' ? 0.3 : 2) * HOUR * rng.next()));
  const assignee: [string, string] = isDispute
    ? ['mediation_site', context.mediationPointOf(unit.row.code)]
    : isPreventable
      ? ['department', 'public_security']
      : ['grid_worker', `GW${grid.code}`];
  const w =
    reported >= now - RECENT_DAYS * DAY
      ? recentWorkflow(category, reported, now, !isDispute && !isPreventable, assignee, rng)
      : pastWorkflow(category, reported, !isDispute && !isPreventable, isDispute, assignee, rng);
  const publicReport = source === 'public' || source === 'hotline';
  const time = (ms: number | null) => (ms === null ? null : isoLocal(ms));
  return [
    code,
    category,
    isDispute ? DISPUTE_MIX[disputeTypes(rng)][0] : null,
    w.status,
    source,
    rng.pick(DESCRIPTIONS[category]),
    publicReport ? personName(rng) : null,
    publicReport ? fakePhone(rng) : null,
    w.resolved,
    w.rework,
    w.extended,
    isoLocal(occurred),
    isoLocal(reported),
    time(w.dispatched),
    time(w.due),
    time(w.closed),
    grid.code,
    unit.row.code,
    context.streetOf(grid),
    context.districtOf(grid),
    true,
    w.assignee?.[0] ?? null,
    w.assignee?.[1] ?? null,
    w.satisfaction,
    isoLocal(w.updated),
    time(w.stageDue),
    time(w.escalate),
    (at[0] / 1e6).toFixed(6),
    (at[1] / 1e6).toFixed(6),
  ];
}

function cellArea(grid: GridCell): number {
  let a = 0;
  for (const polygon of grid.geometry) {
    const ring = polygon[0];
    for (let i = 1; i + 1 < ring.length; i++) {
      a += (ring[i][0] - ring[0][0]) * (ring[i + 1][1] - ring[0][1]) - (ring[i + 1][0] - ring[0][0]) * (ring[i][1] - ring[0][1]);
    }
  }
  return a / 2;
}
