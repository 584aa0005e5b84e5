import type { AppDeps } from '../../context.ts';
import { ApiError } from '../../middleware/errors.ts';
import { findScenarios, type ScenarioRow } from '../../../db/queries/siting-scenarios.ts';
import { sitingBasis } from '../../../db/queries/siting.ts';
import type { Scenario, SitingResult } from '../../../core/contracts/planning-siting.ts';

/**
 * Scenarios saved before the bound was stated on the gain lack its fields; they follow from the
 * stored totals (the online bound and the proof kind are not recomputed, only restated).
 */
function withGainBound(stored: SitingResult): SitingResult {
  if (stored.gainUpperBound !== undefined) return stored;
  const gainUpperBound = stored.upperBound - stored.before.householdsCovered;
  const gain = stored.after.householdsCovered - stored.before.householdsCovered;
  return {
    ...stored,
    proof: stored.provenOptimal ? (stored.method === 'exact' ? 'branch-and-bound' : 'online-bound') : null,
    gainUpperBound,
    gainRatio: gainUpperBound > 0 ? Math.min(1, gain / gainUpperBound) : null,
    guarantee: 1 - 1 / Math.E,
  };
}

/** A stored row as the API shape; `current` are today's data versions (to flag stale scenarios). */
export function toScenario(row: ScenarioRow, current: Record<string, number>): Scenario {
  const result = withGainBound(row.result as SitingResult);
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
