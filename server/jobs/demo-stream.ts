import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { demoAnchors } from '../../db/queries/auth-demo.ts';
import { applyTransition } from '../../db/queries/incidents-workflow.ts';
import { asDate, createIncident, loadCategory, toCaseRecord, type IncidentRow } from '../../db/queries/incidents.ts';
import { demoCaseCondition, listIncidents } from '../../db/queries/incidents-read.ts';
import { openStatuses, type Action } from '../../core/workflow/machine.ts';
import { initialRecord, planAction, type ActionInput } from '../../core/workflow/plan.ts';
import { DESCRIPTIONS, DISPUTE_MIX, OTHER, OTHER_MIX, PREVENTABLE } from '../../geodata/generator/incidents.ts';
import { logger } from '../../core/log.ts';
import { workCalendar } from '../workflow/calendar.ts';

/** Who the history names for the stream's steps, and the idempotency-key prefix of the cases it reports. */
export const DEMO_ACTOR = 'demo-stream';
// The demo's own cases: generated (synthetic) or reported by this stream. Cases people report on the demo
// are theirs to move; the stream never touches them.
const demoCases = demoCaseCondition(DEMO_ACTOR);

export interface DemoStreamOptions {
  /** open cases moved one step per tick (default 6) */
  advance?: number;
  /**
   * a case moves once this share of its stage's allowance has passed (default 0.3): steps are taken in
   * time, but not the instant a case arrives; 0 moves any open case
   */
  minStageShare?: number;
  random?: () => number;
  now?: () => Date;
}

export interface TickResult {
  /** false: not the synthetic demo, nothing was done */
  demo: boolean;
  /** code of the case reported, if any */
  reported: string | null;
  /** cases moved one workflow step */
  advanced: number;
}

const weighted = (weights: readonly number[], random: () => number) => {
  let r = random() * weights.reduce((s, w) => s + w, 0);
  const index = weights.findIndex((w) => (r -= w) < 0);
  return index < 0 ? weights.length - 1 : index;
};

/**
 * One step of the living demo: reports a case near a recent demo case and moves the open demo cases that
 * are due one workflow step — through createIncident / applyTransition with plans from core/workflow, as
 * the API does, so history, deadlines, KPIs and the live feed see them. Does nothing unless the database
 * holds the synthetic demo (demoAnchors: grids present and all synthetic).
 *
 * @example
 * const { demo, reported, advanced } = await demoStreamTick(database); // { demo: true, reported: 'SJ2026…', advanced: 3 }
 */
export async function demoStreamTick(database: Database, options: DemoStreamOptions = {}): Promise<TickResult> {
  const db = database.db;
  if (!(await demoAnchors(db))) return { demo: false, reported: null, advanced: 0 };
  const random = options.random ?? Math.random;
  const now = options.now?.() ?? new Date();
  const reported = await reportOne(database, now, random);
  const open = await listIncidents(db, demoCases, { status: openStatuses.join(','), limit: 500 });
  const share = options.minStageShare ?? 0.3;
  const due = (row: IncidentRow) => asDate(row.stageDueAt ?? row.dueAt)?.getTime() ?? Infinity;
  const ready = open.rows
    .filter((row) => {
      const since = asDate(row.updatedAt).getTime();
      return now.getTime() - since >= share * Math.max(0, due(row) - since) || due(row) - now.getTime() < 3_600_000;
    })
    .sort((a, b) => due(a) - due(b))
    .slice(0, options.advance ?? 6);
  let advanced = 0;
  for (const row of ready) if (await advanceOne(database, row, now, random)) advanced++;
  return { demo: true, reported, advanced };
}

async function reportOne(database: Database, now: Date, random: () => number): Promise<string | null> {
  // where demo cases happen is where people live: start from a recent one and step a few metres away
  const recent = await listIncidents(database.db, demoCases, { limit: 200 });
  const base = recent.rows[Math.floor(random() * recent.rows.length)];
  if (!base) return null;
  const preventable = random() < 0.12;
  const category = preventable ? PREVENTABLE[weighted([45, 20, 25, 10], random)] : OTHER[weighted(OTHER_MIX, random)];
  const disputeType =
    category === 'dispute'
      ? DISPUTE_MIX[
          weighted(
            DISPUTE_MIX.map((d) => d[1]),
            random,
          )
        ][0]
      : undefined;
  const info = await loadCategory(database.db, category, disputeType);
  if (!info) return null;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const jitter = () => (random() - 0.5) * 0.0006;
  const result = await createIncident(
    database.db,
    {
      category,
      disputeType,
      source: preventable ? 'hotline' : 'grid_worker',
      description: pick(DESCRIPTIONS[category]),
      location: { lon: base.lon + jitter(), lat: base.lat + jitter() },
    },
    { key: `${DEMO_ACTOR}:${randomUUID()}`, actor: DEMO_ACTOR, now, record: initialRecord(info.rules, now, await workCalendar(database)) },
  );
  // a step off the city's edge lands outside every grid: skip this tick's report
  return result.kind === 'created' ? result.row.code : null;
}

async function advanceOne(database: Database, row: IncidentRow, now: Date, random: () => number): Promise<boolean> {
  const info = await loadCategory(database.db, row.category);
  if (!info) return false;
  const isDispute = info.group === 'dispute';
  const next: Record<string, [Action, ActionInput]> = {
    reported: [random() < 0.02 && !isDispute ? 'reject' : 'register', {}],
    registered: [
      'dispatch',
      {
        assignee: info.group === 'preventable' ? { kind: 'department', code: 'public_security' } : { kind: 'grid_worker', code: `GW${row.gridCode}` },
      },
    ],
    dispatched: ['accept', {}],
    handling: ['report_back', isDispute ? { resolved: random() < 0.97 } : {}],
    feedback: ['verify', {}],
    verifying: [random() < 0.04 ? 'rework' : 'pass', {}],
  };
  const step = next[row.status];
  if (!step) return false;
  const before = toCaseRecord(row);
  const plan = planAction(before, step[0], step[1], info.rules, { now, isDispute, calendar: await workCalendar(database) });
  if (!plan.ok) return false;
  // optimistic: someone who moved the case meanwhile wins, the stream just skips it
  return applyTransition(database.db, row.id, { before, next: plan.next, action: step[0], actor: DEMO_ACTOR, detail: plan.event.detail, now });
}

/**
 * Runs `demoStreamTick` every `intervalMs` (default 5 minutes) in this process, first one minute after
 * start; a failed tick is logged and the next one tries again.
 *
 * @example
 * const stream = env.DEMO_LIVE ? startDemoStream(database) : undefined; // … stream?.stop() on shutdown
 */
export function startDemoStream(database: Database, options: DemoStreamOptions & { intervalMs?: number } = {}) {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const result = await demoStreamTick(database, options);
      if (result.demo) logger.debug('demo stream', { ...result });
    } catch (error) {
      logger.warn('demo stream tick failed', { error: String(error) });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), options.intervalMs ?? 300_000);
  timer.unref();
  const first = setTimeout(() => void run(), 60_000);
  first.unref();
  return { run, stop: () => [clearInterval(timer), clearTimeout(first)] };
}
