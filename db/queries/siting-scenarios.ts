/** Saved siting scenarios: insert, list, read, delete (table siting_scenarios). */
import { desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { sitingScenarios } from '../schema/planning.ts';

export type ScenarioRow = typeof sitingScenarios.$inferSelect;
export type NewScenario = typeof sitingScenarios.$inferInsert;

/**
 * @example
 * const row = await insertScenario(db, { name: '沈河 5 点', kinds: ['mediation_point'], radiusM: 1000, k: 5, candidates: 'compounds', result, basis, createdBy: 'planner1' });
 */
export async function insertScenario(db: Db, scenario: NewScenario): Promise<ScenarioRow> {
  const [row] = await db.insert(sitingScenarios).values(scenario).returning();
  return row!;
}

/** The newest scenarios first, without their (large) results' compound lists trimmed: callers summarise. */
export async function listScenarios(db: Db, limit = 200): Promise<ScenarioRow[]> {
  return db.select().from(sitingScenarios).orderBy(desc(sitingScenarios.createdAt), desc(sitingScenarios.id)).limit(limit);
}

export async function findScenarios(db: Db, ids: number[]): Promise<ScenarioRow[]> {
  return db.select().from(sitingScenarios).where(inArray(sitingScenarios.id, ids));
}

/** Deletes a scenario; returns whether one was deleted. */
export async function deleteScenario(db: Db, id: number): Promise<boolean> {
  const rows = await db.delete(sitingScenarios).where(eq(sitingScenarios.id, id)).returning({ id: sitingScenarios.id });
  return rows.length > 0;
}
