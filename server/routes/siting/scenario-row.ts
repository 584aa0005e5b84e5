import type { ScenarioRow } from '../../../db/queries/siting-scenarios.ts';
import type { Scenario, SitingResult } from '../../../core/contracts/planning-siting.ts';

/** A stored row as the API shape; `current` are today's data versions (to flag stale scenarios). */
export function toScenario(row: ScenarioRow, current: Record<string, number>): Scenario {
  const result = row.result as SitingResult;
  const basis = row.basis as Record<string, number>;
  return {
    id: row.id,
    name: row.name,
    note: row.note,
    kinds: row.kinds,
    radius: row.radiusM,
    k: row.k,
    candidates: row.candidates,
    area: row.areaCode,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    before: result.before.share,
    after: result.after.share,
    stale: Object.entries(current).some(([layer, version]) => basis[layer] !== version),
    result,
  };
}
