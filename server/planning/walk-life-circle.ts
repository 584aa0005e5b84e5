/**
 * 生活圈达标率: the share of households within a 5-, 10- and 15-minute walk of a site of the kinds
 * (mediation sites by default), per street or community, from one multi-source shortest-path run.
 */
import { LIFE_CIRCLE_MINUTES, WALK_SPEED_MPS } from '../../core/graph/walk.ts';
import type { LifeCircleFigures, LifeCircleResponse } from '../../core/contracts/planning-walk.ts';
import { areasUnder, type Queryable } from '../../db/queries/coverage.ts';
import { weightedQuantile } from '../routes/coverage/coverage-math.ts';
import { compoundWalks, WALK_METHOD_NOTE } from './walk-coverage.ts';
import { walkEngineOf } from './walk-engine.ts';

interface Walked {
  households: number;
  seconds: number | null;
}

/**
 * Adds up walked compounds into life-circle figures.
 *
 * @example
 * lifeCircleFigures([{ households: 10, seconds: 200 }, { households: 30, seconds: 700 }]).share5 // → 0.25
 */
export function lifeCircleFigures(walked: readonly Walked[]): LifeCircleFigures {
  const households = walked.reduce((s, w) => s + w.households, 0);
  const within = (minutes: number) => walked.reduce((s, w) => s + (w.seconds !== null && w.seconds <= minutes * 60 + 1e-9 ? w.households : 0), 0);
  const [within5, within10, within15] = LIFE_CIRCLE_MINUTES.map(within) as [number, number, number];
  const share = (n: number) => (households > 0 ? n / households : null);
  const median = weightedQuantile(
    walked.map((w) => [w.seconds, households > 0 ? w.households : 1] as const),
    0.5,
  );
  return {
    compounds: walked.length,
    households,
    within5,
    within10,
    within15,
    share5: share(within5),
    share10: share(within10),
    share15: share(within15),
    medianMinutes: median === null ? null : Math.round((median / 60) * 10) / 10,
  };
}

/**
 * The life-circle figures of every street or community under `prefix` and their totals.
 *
 * @example
 * const answer = await lifeCircle(pool, { kinds: ['mediation_point', 'mediation_room'], level: 'street', prefix: '210103' });
 */
export async function lifeCircle(db: Queryable, request: { kinds: string[]; level: 'street' | 'community'; prefix: string }): Promise<LifeCircleResponse> {
  const digits = request.level === 'street' ? 9 : 12;
  const [walks, areas, engine] = await Promise.all([
    compoundWalks(db, { kinds: request.kinds, prefix: request.prefix }),
    areasUnder(db, request.level === 'street' ? 'streets' : 'communities', request.prefix),
    walkEngineOf(db),
  ]);
  const groups = new Map<string, Walked[]>(areas.map((a) => [a.code, []]));
  const all: Walked[] = [];
  for (const c of walks.compounds) {
    const walked = { households: c.households, seconds: walks.seconds.get(c.code) ?? null };
    all.push(walked);
    groups.get((c.communityCode ?? '').slice(0, digits))?.push(walked);
  }
  return {
    kinds: request.kinds,
    minutes: [...LIFE_CIRCLE_MINUTES],
    speedMps: WALK_SPEED_MPS,
    level: request.level,
    area: request.prefix || null,
    rows: areas.map((a) => ({ code: a.code, name: a.name, ...lifeCircleFigures(groups.get(a.code)!) })),
    totals: lifeCircleFigures(all),
    engine,
    method: WALK_METHOD_NOTE,
  };
}
