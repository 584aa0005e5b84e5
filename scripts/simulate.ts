/**
 * `npm run simulate -- --rate N`: makes a demo look alive by creating N incidents a second and moving
 * open cases through the workflow — only through the public API, as a commander (demo login, or an
 * API token with --token), so every event is real: history, deadlines, SSE, KPIs.
 *
 * Options: --url http://localhost:8080 · --rate 1 · --advance 2 (actions a second) · --duration 0 (s, 0 =
 * until Ctrl-C) · --user demo-commander --password pingan-demo-commander · --token <api token> ·
 * --area <code> (report inside this area only) · --seed 1
 */
import { parseArgs } from 'node:util';
import type { IncidentDetail, IncidentList } from '../core/contracts/incidents.ts';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:8080' },
    rate: { type: 'string', default: '1' },
    advance: { type: 'string' },
    duration: { type: 'string', default: '0' },
    user: { type: 'string', default: 'demo-commander' },
    password: { type: 'string', default: 'pingan-demo-commander' },
    token: { type: 'string' },
    area: { type: 'string' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
  },
});
const base = args.url!.replace(/\/$/, '');
const rate = Number(args.rate);
const advanceRate = Number(args.advance ?? rate * 2);
if (!(rate >= 0) || !(advanceRate >= 0)) throw new Error('--rate and --advance must be numbers ≥ 0');

// Deterministic per --seed (mulberry32), so a demo run can be repeated.
let seed = Number(args.seed) >>> 0;
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

const headers: Record<string, string> = { 'content-type': 'application/json' };
async function login() {
  if (args.token) {
    headers.authorization = `Bearer ${args.token}`;
    return;
  }
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers, body: JSON.stringify({ username: args.user, password: args.password }) });
  if (!res.ok) throw new Error(`login as ${args.user} failed: ${res.status} ${await res.text()}`);
  const cookie = /pingan_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  Object.assign(headers, { cookie: cookie ?? '', 'x-csrf-token': csrfToken });
}
const api = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${base}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
};

// Weighted like the demo city's mix: disputes and city management dominate.
const categories = [
  ...Array(6).fill('dispute'),
  ...Array(4).fill('city_management'),
  ...Array(3).fill('environment'),
  'public_safety',
  'public_safety',
  'theft',
  'fire_hazard',
  'fraud',
  'burglary',
  'other',
] as const;
const disputeTypes = ['neighbour', 'neighbour', 'marriage_family', 'property_mgmt', 'damages', 'labour', 'housing_land', 'consumer'];
const descriptions: Record<string, string[]> = {
  dispute: ['邻里噪音纠纷', '楼道堆物引发争执', '物业费用纠纷', '家庭矛盾求助'],
  city_management: ['占道经营', '路灯损坏', '井盖缺失', '违规停车'],
  environment: ['垃圾未及时清运', '绿地破坏', '污水外溢'],
  public_safety: ['可疑人员徘徊', '围墙破损存在隐患'],
  fire_hazard: ['楼道电动车充电', '消防通道堵塞'],
};

let seeds: { lon: number; lat: number }[] = [];
const open = new Set<number>();
const stats = { created: 0, replayed: 0, advanced: 0, refused: 0, errors: 0 };

async function loadSeeds() {
  const area = args.area ? `&area=${args.area}` : '';
  const { body } = await api<IncidentList>(`/api/incidents?limit=500${area}`);
  seeds = body?.items?.map((i) => i.location) ?? [];
  for (const i of body?.items ?? []) if (!['closed', 'evaluated', 'rejected'].includes(i.status)) open.add(i.id);
  if (seeds.length === 0) throw new Error('no incidents to place new ones near; load the demo city first (DEMO_SEED=small|full)');
}

async function create() {
  const near = pick(seeds);
  const category = pick(categories);
  // ~150 m around a known incident: inside the city, spread over the neighbourhood
  const location = { lon: near.lon + (random() - 0.5) * 0.003, lat: near.lat + (random() - 0.5) * 0.002 };
  const body = {
    category,
    ...(category === 'dispute' ? { disputeType: pick(disputeTypes) } : {}),
    source: pick(['grid_worker', 'grid_worker', 'public', 'hotline', 'video']),
    description: pick(descriptions[category] ?? ['其他事项']),
    location,
    idempotencyKey: `sim-${args.seed}-${stats.created + stats.replayed + stats.refused + stats.errors}-${Date.now()}`,
  };
  const res = await api<{ id: number }>('/api/incidents', { method: 'POST', body: JSON.stringify(body) });
  if (res.status === 201) {
    stats.created++;
    open.add(res.body.id);
  } else if (res.status === 200) stats.replayed++;
  else if (res.status === 422)
    stats.refused++; // landed outside every grid: try elsewhere next time
  else stats.errors++;
}

/** The next step a command center would take, with a little rework, extension and rejection. */
function choose(detail: IncidentDetail): IncidentDetail['allowedActions'][number] | undefined {
  const allowed = detail.allowedActions;
  const has = (a: (typeof allowed)[number]) => allowed.includes(a);
  if (has('register') && random() < 0.04) return 'reject';
  if (has('approve_extension')) return random() < 0.8 ? 'approve_extension' : 'deny_extension';
  if (has('request_extension') && random() < 0.04) return 'request_extension';
  if (has('rework') && random() < 0.08) return 'rework';
  return (['register', 'dispatch', 'accept', 'report_back', 'verify', 'pass', 'evaluate'] as const).find(has);
}

async function advance() {
  if (open.size === 0) return;
  const id = pick([...open]);
  const { status, body: detail } = await api<IncidentDetail>(`/api/incidents/${id}`);
  if (status !== 200) return void open.delete(id);
  const action = choose(detail);
  if (!action) return void open.delete(id);
  const request: Record<string, unknown> = { action };
  if (action === 'dispatch') {
    const card = detail.gridCode ? await api<{ worker: { code: string } | null }>(`/api/layers/areas/${detail.gridCode}`) : null;
    const worker = card?.body?.worker?.code;
    request.assignee = worker ? { kind: 'grid_worker', code: worker } : { kind: 'department', code: 'city_management_law' };
  }
  if (action === 'report_back' && detail.categoryGroup === 'dispute') request.resolved = random() < 0.96;
  if (action === 'request_extension') request.days = 1 + Math.floor(random() * 3);
  if (action === 'evaluate') request.satisfaction = random() < 0.85 ? 5 : 4;
  const res = await api<IncidentDetail>(`/api/incidents/${id}/actions`, { method: 'POST', body: JSON.stringify(request) });
  if (res.status === 200) {
    stats.advanced++;
    if (['evaluated', 'rejected'].includes(res.body.status)) open.delete(id);
  } else if (res.status === 409) stats.refused++;
  else stats.errors++;
}

/** Calls `task` `perSecond` times a second, evenly spaced; returns a stopper. */
function every(perSecond: number, task: () => Promise<void>) {
  if (perSecond <= 0) return () => {};
  const timer = setInterval(() => void task().catch(() => stats.errors++), 1000 / perSecond);
  return () => clearInterval(timer);
}

await login();
await loadSeeds();
console.log(`simulating at ${base}: ${rate} new/s, ${advanceRate} actions/s (${open.size} open cases to work on); Ctrl-C to stop`);
const stops = [every(rate, create), every(advanceRate, advance)];
const report = setInterval(() => console.log(JSON.stringify({ ...stats, open: open.size })), 5000);
const finish = () => {
  stops.forEach((stop) => stop());
  clearInterval(report);
  console.log('done', JSON.stringify(stats));
  setTimeout(() => process.exit(0), 200);
};
process.once('SIGINT', finish);
process.once('SIGTERM', finish);
if (Number(args.duration) > 0) setTimeout(finish, Number(args.duration) * 1000);
