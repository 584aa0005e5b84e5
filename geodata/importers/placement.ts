import type { PlacementCheck, PlacementProblem } from '../../db/queries/imports.ts';
import { ImportError, describePosition, type SourcePosition } from './errors.ts';
import type { EntitySpec, ImportEntity } from './entities.ts';
import type { ImportRow } from './rows.ts';

/**
 * Data must be where its codes say. A grid 100 km from its community, a Beijing site carrying a Shenyang
 * community code, or an incident whose grid lies in another community were stored as given and then
 * broke scoping (a worker never saw the case) and the map. Two checks, both collected over the whole
 * file and reported together before the transaction ends (so nothing is written):
 *
 * - codes agree with each other (JS, per row): a lower code extends the next higher one given;
 * - geometry lies in the lowest area named, within a tolerance in metres (SQL, per batch:
 *   `insertImportBatch` with a PlacementCheck).
 */

/** Default tolerance: digitised boundaries of neighbouring levels often differ by tens of metres. */
export const defaultToleranceM = 200;
/** Problems described in the message; all of them are counted. */
export const shownProblems = 20;

type Areas = PlacementCheck['areas'];
const fk = (column: string, table: string) => ({ column, table, mustExist: false });
// incidents' area codes have no foreign keys (they are denormalised at write time): a code that names nothing is reported here
const named = (column: string, table: string) => ({ column, table, mustExist: true });

/** The area-code columns of each entity with geometry, lowest level first. */
export const placementAreas: Partial<Record<ImportEntity, Areas>> = {
  streets: [fk('parent_code', 'districts')],
  communities: [fk('parent_code', 'streets')],
  grid_cells: [fk('parent_code', 'communities')],
  compounds: [fk('community_code', 'communities')],
  sites: [fk('community_code', 'communities'), fk('street_code', 'streets'), fk('district_code', 'districts')],
  incidents: [named('grid_code', 'grid_cells'), named('community_code', 'communities'), named('street_code', 'streets'), named('district_code', 'districts')],
};

const levelNames: Record<string, string> = { grid_cells: 'grid', communities: 'community', streets: 'street', districts: 'district' };

/**
 * The first pair of area codes in a row that disagree (a lower code must start with the higher one), or null.
 *
 * @example
 * codeMismatch(entitySpecs.incidents, row) // { field: 'grid_code', reason: 'grid_code "21990100100101" does not belong to community_code "219901101201" …' }
 */
export function codeMismatch(spec: EntitySpec, areas: Areas, row: ImportRow): { field: string; reason: string } | null {
  let lower: { column: string; table: string; code: string } | null = null;
  for (const area of areas) {
    const index = spec.columns.findIndex((c) => c.name === area.column);
    const code = index >= 0 ? row.values[index] : null;
    if (typeof code !== 'string') continue;
    if (lower && !lower.code.startsWith(code)) {
      const reason =
        `${lower.column} "${lower.code}" does not belong to ${area.column} "${code}" ` +
        `(a ${levelNames[lower.table]} code starts with the code of its ${levelNames[area.table]})`;
      return { field: lower.column, reason };
    }
    lower = { column: area.column, table: area.table, code };
  }
  return null;
}

const distance = (m: number) => (m >= 1000 ? `${(m / 1000).toFixed(1)} km` : `${Math.round(m)} m`);

/**
 * Collects placement problems of one file and turns them into one ImportError.
 *
 * @example
 * const findings = new PlacementFindings('grids.geojson', 200);
 * findings.addBatch(await batch.write(client, file, check), 'geometry', (code) => batch.positionOf(code));
 * findings.throwIfAny();
 */
export class PlacementFindings {
  private readonly shown: { position: SourcePosition; field: string; reason: string }[] = [];
  private count = 0;

  constructor(
    private readonly file: string,
    private readonly toleranceM: number,
  ) {}

  add(position: SourcePosition, field: string, reason: string): void {
    this.count++;
    if (this.shown.length < shownProblems) this.shown.push({ position, field, reason });
  }

  /** Problems found by SQL in one batch; `positionOf` finds a row by its code. */
  addBatch(problems: PlacementProblem[], geometryField: string, positionOf: (code: string) => SourcePosition): void {
    if (!problems.length) return;
    for (const p of problems) {
      if (this.shown.length >= shownProblems) break;
      const area = `${p.column} "${p.areaCode}"${p.areaName ? ` (${p.areaName})` : ''}`;
      const reason = p.missing
        ? `${p.column} "${p.areaCode}" names nothing: no such code in ${p.table}`
        : p.distanceM && p.distanceM > 0
          ? `lies ${distance(p.distanceM)} from its ${area}`
          : `reaches more than ${this.toleranceM} m outside its ${area}${p.outsideShare ? ` (${Math.round(p.outsideShare * 100)}% of its area is outside)` : ''}`;
      this.shown.push({ position: positionOf(p.code), field: p.missing ? p.column : geometryField, reason });
    }
    this.count += problems[0]!.total;
  }

  /** Throws the collected problems (first position and field on the error, every one in the message). */
  throwIfAny(): void {
    if (!this.count) return;
    const sorted = [...this.shown].sort((a, b) => (a.position.line ?? a.position.featureIndex ?? 0) - (b.position.line ?? b.position.featureIndex ?? 0));
    const first = sorted[0]!;
    const lines = sorted.map((p) => `  ${describePosition(p.position)}, field "${p.field}": ${p.reason}`);
    if (this.count > sorted.length) lines.push(`  … and ${this.count - sorted.length} more`);
    throw new ImportError({
      file: this.file,
      ...first.position,
      field: first.field,
      reason:
        `${this.count} placement ${this.count === 1 ? 'problem' : 'problems'}, rows not where their codes say ` +
        `(tolerance ${this.toleranceM} m, --tolerance changes it):\n${lines.join('\n')}`,
      problems: sorted,
      problemCount: this.count,
    });
  }
}

/**
 * The SQL half of the check for `entity`, or undefined when it has no geometry or no area codes.
 *
 * @example
 * placementCheck('sites', 200) // { areas: [{ column: 'community_code', … }], geometry: 'Point', toleranceM: 200, limit: 20 }
 */
export function placementCheck(spec: EntitySpec, toleranceM: number): PlacementCheck | undefined {
  const areas = placementAreas[spec.entity];
  if (!areas || !spec.geometry) return undefined;
  return { areas, geometry: spec.geometry, toleranceM, limit: shownProblems };
}
