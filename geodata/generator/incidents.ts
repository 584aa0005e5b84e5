/**
 * Synthetic incidents 2018–2021 (+ a 2017 baseline of preventable cases so the 2018 change is defined).
 * Preventable cases per calendar year follow the article's year-on-year changes exactly (to 0.1%); disputes
 * follow the national dispute-type mix and are ≥ 95% resolved; locations are drawn by grid population,
 * so cases cluster where people live. Most cases are closed; some were reworked or extended.
 */
import type { GridCell, UnitArea } from './city.ts';
import { ARTICLE_FIGURES } from './figures.ts';
import { pointInGrid } from './sites.ts';
import { fakePhone, personName } from './people.ts';
import { aliasSampler, allocate, type Random } from './random.ts';

export const INCIDENT_YEARS = [2017, 2018, 2019, 2020, 2021] as const;
const PREVENTABLE = ['theft', 'burglary', 'fraud', 'vehicle_theft'] as const;
const PREVENTABLE_MIX = [45, 20, 25, 10];
const OTHER = ['dispute', 'public_safety', 'fire_hazard', 'city_management', 'environment', 'other'] as const;
const OTHER_MIX = [38, 10, 6, 24, 16, 6];
/** justice-bureau dispute types, national mix (邻里 ≈23%, 婚姻家庭 ≈20%, 损害赔偿 ≈8%, 房屋宅基地 ≈7%) */
export const DISPUTE_MIX: [string, number][] = [
  ['neighbour', 23], ['marriage_family', 20], ['damages', 8], ['housing_land', 7], ['contract', 6], ['labour', 6],
  ['traffic_accident', 6], ['property_mgmt', 6], ['business', 4], ['expropriation', 3], ['forest_land', 3],
  ['consumer', 2], ['medical', 1.5], ['pollution', 1.5], ['other', 2],
];
const OTHER_GROWTH: Record<number, number> = { 2018: 0.21, 2019: 0.24, 2020: 0.26, 2021: 0.29 };
const HANDLE_DAYS: Record<string, number> = {
  dispute: 7, theft: 5, burglary: 5, fraud: 5, vehicle_theft: 5, public_safety: 1, fire_hazard: 1,
  city_management: 2, environment: 2, other: 3,
};
const DESCRIPTIONS: Record<string, string[]> = {
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
 * Preventable cases per year: 2017 baseline near `target`, then the article's changes; the first baseline
 * at or above `target` whose rounded changes equal the figures exactly is used.
 *
 * @example
 * preventableByYear(10_000) // { 2017: 10000, 2018: 8970, 2019: 4045, 2020: 2087, 2021: 1774 }
 */
export function preventableByYear(target: number): Record<number, number> {
  const change = ARTICLE_FIGURES.preventableChange;
  for (let base = Math.max(100, Math.round(target)); base < target * 4 + 1000; base++) {
    const y2018 = Math.round(base * (1 + change[2018]));
    const y2019 = Math.round(y2018 * (1 + change[2019]));
    const y2020 = Math.round(y2019 * (1 + change[2020]));
    const exact = (a: number, b: number, c: number) => Math.round((b / a - 1) * 1000) === Math.round(c * 1000);
    if (exact(base, y2018, change[2018]) && exact(y2018, y2019, change[2019]) && exact(y2019, y2020, change[2020])) {
      return { 2017: base, 2018: y2018, 2019: y2019, 2020: y2020, 2021: Math.round(y2020 * 0.85) };
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
  'code', 'category', 'dispute_type', 'status', 'source', 'description', 'reporter_name', 'reporter_phone', 'resolved',
  'rework_count', 'extended', 'occurred_at', 'reported_at', 'dispatched_at', 'due_at', 'closed_at', 'grid_code',
  'community_code', 'street_code', 'district_code', 'synthetic', 'assignee_kind', 'assignee_code', 'satisfaction',
  'updated_at', 'lon', 'lat',
];

/**
 * Emits `total` incidents through `emit` (one CSV row each), in year order.
 *
 * @example
 * generateIncidents(150_000, context, rng, (row) => csv.row(row));
 */
export function generateIncidents(total: number, context: IncidentContext, rng: Random, emit: (row: (string | number | boolean | null)[]) => void) {
  const preventable = preventableByYear((total * 0.18) / 2.7);
  const preventableTotal = Object.values(preventable).reduce((s, n) => s + n, 0);
  if (preventableTotal >= total) throw new Error(`--incidents ${total} is too small (needs > ${preventableTotal})`);
  const years = Object.keys(OTHER_GROWTH);
  const split = allocate(total - preventableTotal, Object.values(OTHER_GROWTH));
  const otherByYear: Record<string, number> = Object.fromEntries(years.map((y, i) => [y, split[i]]));

  const { grids } = context;
  const byPeople = aliasSampler(grids.map((g) => (g.kind === 'general' ? g.population + 50 : 300)));
  const byDensity = aliasSampler(grids.map((g) => (g.kind === 'general' ? g.population ** 1.15 + 50 : 100)));
  const spread = grids.map((g) => Math.max(20, Math.sqrt(Math.abs(cellArea(g))) / 8));
  const disputeTypes = aliasSampler(DISPUTE_MIX.map((d) => d[1]));
  let sequence = 0;

  for (const year of INCIDENT_YEARS) {
    const start = Date.UTC(year, 0, 1) - OFFSET + 8 * HOUR; // 08:00 local on 1 January
    const span = Date.UTC(year, 11, 31) - OFFSET + 20 * HOUR - start; // … to 20:00 local on 31 December
    const plan: string[] = [];
    for (let n = 0; n < preventable[year]; n++) plan.push(PREVENTABLE[rng.weighted(PREVENTABLE_MIX)]);
    for (let n = 0; n < (otherByYear[year] ?? 0); n++) plan.push(OTHER[rng.weighted(OTHER_MIX)]);
    const times = plan.map(() => start + Math.floor(rng.next() * span)).sort((a, b) => a - b);
    rng.shuffle(plan);
    plan.forEach((category, n) => {
      sequence++;
      const g = PREVENTABLE.includes(category as never) ? byDensity(rng) : byPeople(rng);
      const grid = grids[g];
      const at = pointInGrid(grid, rng, spread[g]);
      const code = `E${year}${String(sequence).padStart(7, '0')}`;
      emit(incidentRow(code, category, times[n], grid, context.unitOf(grid), context, rng, at, disputeTypes));
    });
  }
}

function incidentRow(
  code: string, category: string, occurred: number, grid: GridCell, unit: UnitArea, context: IncidentContext, rng: Random,
  at: [number, number], disputeTypes: (rng: Random) => number,
) {
  const isDispute = category === 'dispute';
  const isPreventable = PREVENTABLE.includes(category as never);
  const source = isPreventable
    ? rng.pick(['public', 'public', 'hotline', 'video'])
    : ['grid_worker', 'grid_worker', 'grid_worker', 'public', 'hotline', 'hotline', 'video', 'higher_level'][rng.int(0, 7)];
  const reported = occurred + Math.floor((source === 'grid_worker' || source === 'video' ? 0.3 : 2) * HOUR * rng.next());
  const rejected = !isDispute && !isPreventable && rng.chance(0.015);
  const open = !rejected && occurred > Date.UTC(2021, 11, 20) && rng.chance(0.35);
  const dispatched = rejected ? null : reported + Math.floor(HOUR * (0.2 + 2.5 * rng.next()));
  const extended = !rejected && rng.chance(0.03);
  const rework = rejected ? 0 : rng.chance(0.025) ? (rng.chance(0.1) ? 2 : 1) : 0;
  const days = HANDLE_DAYS[category] * 1.4;
  const due = dispatched === null ? null : dispatched + Math.floor((days + (extended ? 7 : 0)) * DAY);
  let closed: number | null = null;
  if (dispatched !== null && due !== null && !open) {
    const late = rng.chance(0.03);
    closed = late ? due + Math.floor(rng.range(0.1, 3) * DAY) : dispatched + Math.floor((due - dispatched) * rng.range(0.08, 0.95));
  }
  const evaluated = closed !== null && rng.chance(0.7);
  const status = rejected ? 'rejected' : open ? rng.pick(['dispatched', 'handling', 'feedback', 'verifying']) : evaluated ? 'evaluated' : 'closed';
  const publicReport = source === 'public' || source === 'hotline';
  const assignee = rejected
    ? [null, null]
    : isDispute
      ? ['mediation_site', context.mediationPointOf(unit.row.code)]
      : isPreventable
        ? ['department', 'public_security']
        : ['grid_worker', `GW${grid.code}`];
  return [
    code, category, isDispute ? DISPUTE_MIX[disputeTypes(rng)][0] : null, status, source,
    rng.pick(DESCRIPTIONS[category]), publicReport ? personName(rng) : null, publicReport ? fakePhone(rng) : null,
    isDispute ? (closed === null ? null : rng.chance(0.972)) : null, rework, extended,
    isoLocal(occurred), isoLocal(reported), dispatched === null ? null : isoLocal(dispatched), due === null ? null : isoLocal(due),
    closed === null ? null : isoLocal(closed), grid.code, unit.row.code, context.streetOf(grid), context.districtOf(grid), true,
    assignee[0], assignee[1], evaluated ? [5, 5, 5, 4, 4, 3, 2][rng.int(0, 6)] : null,
    isoLocal(closed ?? dispatched ?? reported), (at[0] / 1e6).toFixed(6), (at[1] / 1e6).toFixed(6),
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
