import type { AppDeps } from '../../context.ts';
import { ApiError } from '../../middleware/errors.ts';
import { findScenarios, type ScenarioRow } from '../../../db/queries/siting-scenarios.ts';
import { sitingBasis } from '../../../db/queries/siting.ts';
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

/**
 * Saved scenarios in the order of `ids`, flagged stale against today's data; 404 naming `id` for the
 * first one missing.
 *
 * @example
 * const [a, b] = await loadScenarios(deps.database, [3, 7]);
 */
export async function loadScenarios({ db, pool }: AppDeps['database'], ids: number[]): Promise<Scenario[]> {
  const [rows, current] = await Promise.all([findScenarios(db, ids), sitingBasis(pool)]);
  return ids.map((id) => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new ApiError(404, 'not_found', `scenario ${id} not found`, 'id');
    return toScenario(row, current);
  });
}
