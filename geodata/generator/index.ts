/**
 * The deterministic demo-city generator: real codes and names, real district polygons, synthetic everything
 * below. Same options → byte-identical files.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CODE_VINTAGE, DIVISION_SOURCE, readDivisions } from '../sources/index.ts';
import { BOUNDARY_SOURCE, loadDistrictBoundaries } from './boundaries.ts';
import { buildDistrict, type DistrictArea, type GridCell } from './city.ts';
import { CITY, districtShares, SMALL_DISTRICTS } from './figures.ts';
import { ferryPositions } from './river.ts';
import { buildDistrictSites, type Compound, type Site } from './sites.ts';
import { generateIncidents, INCIDENT_COLUMNS } from './incidents.ts';
import { fakeIdNumber, fakePhone, personName } from './people.ts';
import { allocate, createRandom } from './random.ts';
import { coordinate, csvWriter, geojsonWriter } from './write.ts';
import { writeDemoPlaces } from './places.ts';
import { buildRoads, DEMO_ROADS_FILE, writeRoads } from './roads.ts';

export type DemoScale = 'small' | 'full';
/** the synthetic street gazetteer, loaded with `import places` after DEMO_FILES (geodata/places/) */
export const DEMO_PLACES_FILE = 'places.geojson';
/** bump when the output changes for the same options, so cached folders are rebuilt */
export const GENERATOR_VERSION = 5;
export const DEFAULT_INCIDENTS: Record<DemoScale, number> = { full: 150_000, small: 10_000 };
const SYNTHETIC = 'synthetic (Pingan Grid demo generator)';
const GEOMETRY_SOURCE = `${DIVISION_SOURCE}; geometry: ${SYNTHETIC}`;

export const DEMO_FILES = [
  ['districts', 'districts.geojson'],
  ['streets', 'streets.geojson'],
  ['communities', 'communities.geojson'],
  ['grid_workers', 'grid_workers.csv'],
  ['grid_cells', 'grid_cells.geojson'],
  ['compounds', 'compounds.csv'],
  ['sites', 'sites.csv'],
  ['site_served_communities', 'site_served_communities.csv'],
  ['volunteer_teams', 'volunteer_teams.csv'],
  ['volunteers', 'volunteers.csv'],
  ['incidents', 'incidents.csv'],
] as const;

export interface GenerateOptions {
  scale: DemoScale;
  seed: number;
  incidents: number;
  /** the moment the demo is seeded (default: the current time): incidents run up to it, today's open cases carry live deadlines */
  now?: Date;
  /** output folder (written atomically: a complete folder has manifest.json) */
  dir: string;
  cacheDir: string;
  onProgress?: (step: string) => void;
}

export interface Manifest {
  generator: number;
  scale: DemoScale;
  seed: number;
  incidents: number;
  /** ISO instant the incidents run up to */
  now: string;
  counts: Record<string, number>;
  files: Record<string, string>;
}

/** Reads the manifest of a complete output folder, or null. */
export function readManifest(dir: string): Manifest | null {
  const file = path.join(dir, 'manifest.json');
  if (!existsSync(file)) return null;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  return manifest.generator === GENERATOR_VERSION ? manifest : null;
}

/**
 * Generates the demo city into `options.dir`.
 *
 * @example
 * await generateCity({ scale: 'small', seed: 1, incidents: 10_000, now: new Date(), dir: '.data/demo/small-1-10000-…', cacheDir: '.data/cache' });
 */
export async function generateCity(options: GenerateOptions): Promise<Manifest> {
  const progress = options.onProgress ?? (() => {});
  const now = options.now ?? new Date();
  const divisions = readDivisions();
  const boundaries = loadDistrictBoundaries(options.cacheDir);
  const units = divisions.districts.map((d) => {
    const list = divisions.communities.filter((c) => c.code.startsWith(d.code));
    return { code: d.code, units: list.length, villages: list.filter((c) => c.kind !== 'community').length };
  });
  const shares = districtShares(units);
  const ferries = ferryPositions([...boundaries.values()]);
  const codes = options.scale === 'small' ? SMALL_DISTRICTS : divisions.districts.map((d) => d.code);

  const districts: DistrictArea[] = [];
  const sites: Site[] = [];
  const compounds: Compound[] = [];
  for (const code of codes) {
    progress(`district ${code}`);
    const area = buildDistrict(
      boundaries.get(code)!,
      shares.find((s) => s.code === code)!,
      options.seed,
    );
    districts.push(area);
    const inside = ferries.filter(([x, y]) => area.shape.contains(x, y));
    const built = buildDistrictSites(area, inside, createRandom(options.seed, `sites:${code}`));
    sites.push(...built.sites);
    compounds.push(...built.compounds);
  }

  const tmp = `${options.dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const file = (name: string) => path.join(tmp, name);
  const counts: Record<string, number> = {};
  progress('areas');
  await writeAreas(districts, file, counts);
  progress('people and sites');
  await writePeopleAndSites(districts, sites, compounds, options.seed, file, counts);
  progress('incidents');
  await writeIncidents(districts, sites, { ...options, now }, file, counts);
  counts.places = await writeDemoPlaces(districts, file(DEMO_PLACES_FILE));
  progress('roads');
  const attach = [...compounds.map((c) => ({ ...c, kind: 'gate' as const })), ...sites.map((s) => ({ ...s, kind: 'access' as const }))];
  counts.roads = await writeRoads(buildRoads(districts, attach), file(DEMO_ROADS_FILE));

  const manifest: Manifest = {
    generator: GENERATOR_VERSION,
    scale: options.scale,
    seed: options.seed,
    incidents: options.incidents,
    now: now.toISOString(),
    counts,
    files: Object.fromEntries(DEMO_FILES.map(([entity, name]) => [entity, name])),
  };
  writeFileSync(file('manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  // Another process may have finished the same folder meanwhile: identical bytes, keep theirs.
  if (readManifest(options.dir)) {
    rmSync(tmp, { recursive: true, force: true });
    return manifest;
  }
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(path.dirname(options.dir), { recursive: true });
  renameSync(tmp, options.dir);
  return manifest;
}

async function writeAreas(districts: DistrictArea[], file: (n: string) => string, counts: Record<string, number>) {
  const out = {
    districts: geojsonWriter(file('districts.geojson')),
    streets: geojsonWriter(file('streets.geojson')),
    communities: geojsonWriter(file('communities.geojson')),
    grids: geojsonWriter(file('grid_cells.geojson')),
  };
  for (const d of districts) {
    const base = { code_vintage: CODE_VINTAGE };
    out.districts.feature({ code: d.row.code, name: d.row.name, ...base, synthetic: false, source: BOUNDARY_SOURCE, parent_code: CITY.code }, d.geometry);
    for (const s of d.streets) {
      out.streets.feature(
        { code: s.row.code, name: s.row.name, ...base, synthetic: true, source: GEOMETRY_SOURCE, parent_code: d.row.code, kind: s.row.kind },
        s.geometry,
      );
    }
    for (const u of d.units) {
      out.communities.feature(
        { code: u.row.code, name: u.row.name, ...base, synthetic: true, source: GEOMETRY_SOURCE, parent_code: u.street.code, kind: u.row.kind },
        u.geometry,
      );
    }
    for (const u of d.units) {
      for (const g of u.grids) {
        out.grids.feature(
          {
            code: g.code,
            name: gridName(u.row.name, g),
            ...base,
            synthetic: true,
            source: SYNTHETIC,
            parent_code: u.row.code,
            kind: g.kind,
            dedicated_type: g.dedicatedType,
            households: g.households,
            population: g.population,
            worker_code: `GW${g.code}`,
          },
          g.geometry,
        );
      }
    }
  }
  for (const [name, writer] of Object.entries(out)) {
    await writer.done();
    counts[name === 'grids' ? 'grid_cells' : name] = writer.features;
  }
}

const DEDICATED_ZH: Record<string, string> = { school: '学校', hospital: '医院', park: '公园', company: '企业', government: '机关' };

function gridName(unitName: string, grid: GridCell): string {
  const base = unitName.replace(/(居民委员会|居委会|村民委员会|村委会)$/, '');
  const seq = grid.code.slice(12);
  return grid.kind === 'dedicated' ? `${base}${DEDICATED_ZH[grid.dedicatedType!]}专属网格${seq}` : `${base}第${seq}网格`;
}

async function writePeopleAndSites(
  districts: DistrictArea[],
  sites: Site[],
  compounds: Compound[],
  seed: number,
  file: (n: string) => string,
  counts: Record<string, number>,
) {
  const workers = csvWriter(file('grid_workers.csv'), ['code', 'name', 'phone', 'id_number', 'employment', 'community_code', 'synthetic', 'source']);
  for (const d of districts) {
    const rng = createRandom(seed, `workers:${d.row.code}`);
    for (const u of d.units) {
      for (const g of u.grids) {
        const employment = g.kind === 'general' && !u.rural ? 'full_time' : 'part_time';
        workers.row([`GW${g.code}`, personName(rng), fakePhone(rng), fakeIdNumber(rng, d.row.code), employment, u.row.code, true, SYNTHETIC]);
      }
    }
  }
  await workers.done();
  counts.grid_workers = workers.rows;

  const compoundCsv = csvWriter(file('compounds.csv'), ['code', 'name', 'community_code', 'households', 'population', 'synthetic', 'source', 'lon', 'lat']);
  for (const c of compounds) compoundCsv.row([c.code, c.name, c.communityCode, c.households, c.population, true, SYNTHETIC, coordinate(c.x), coordinate(c.y)]);
  await compoundCsv.done();
  counts.compounds = compoundCsv.rows;

  const siteCsv = csvWriter(file('sites.csv'), [
    'code',
    'kind',
    'name',
    'address',
    'district_code',
    'street_code',
    'community_code',
    'contact_name',
    'contact_phone',
    'synthetic',
    'source',
    'lon',
    'lat',
  ]);
  const served = csvWriter(file('site_served_communities.csv'), ['site_code', 'community_code']);
  for (const s of sites) {
    siteCsv.row([
      s.code,
      s.kind,
      s.name,
      s.address,
      s.districtCode,
      s.streetCode,
      s.communityCode,
      s.contactName,
      s.contactPhone,
      true,
      SYNTHETIC,
      coordinate(s.x),
      coordinate(s.y),
    ]);
    for (const c of s.serves) served.row([s.code, c]);
  }
  await siteCsv.done();
  await served.done();
  counts.sites = siteCsv.rows;
  counts.site_served_communities = served.rows;
  for (const s of sites) counts[`sites.${s.kind}`] = (counts[`sites.${s.kind}`] ?? 0) + 1;

  const teams = csvWriter(file('volunteer_teams.csv'), ['code', 'name', 'watch_post_code', 'synthetic', 'source']);
  const volunteers = csvWriter(file('volunteers.csv'), [
    'code',
    'name',
    'phone',
    'team_code',
    'watch_post_code',
    'grid_code',
    'joined_on',
    'synthetic',
    'source',
  ]);
  for (const d of districts) {
    const rng = createRandom(seed, `volunteers:${d.row.code}`);
    const posts = sites.filter((s) => s.kind === 'watch_post' && s.districtCode === d.row.code);
    const sizes = allocate(
      d.shares.volunteers,
      posts.map(() => rng.range(0.5, 1.5)),
    );
    let n = 0;
    posts.forEach((post, p) => {
      const team = `T${post.code}`;
      teams.row([team, `${post.name.replace('平安守望岗', '')}盛京义勇志愿服务队`, post.code, true, SYNTHETIC]);
      for (let v = 0; v < sizes[p]; v++) {
        const joined = new Date(Date.UTC(2017, 0, 1) + Math.floor(Math.pow(rng.next(), 1.6) * 1825) * 86_400_000).toISOString().slice(0, 10);
        volunteers.row([
          `V${d.row.code}${String(++n).padStart(6, '0')}`,
          personName(rng),
          fakePhone(rng),
          team,
          post.code,
          post.grid.code,
          joined,
          true,
          SYNTHETIC,
        ]);
      }
    });
  }
  await teams.done();
  await volunteers.done();
  counts.volunteer_teams = teams.rows;
  counts.volunteers = volunteers.rows;
}

async function writeIncidents(
  districts: DistrictArea[],
  sites: Site[],
  options: GenerateOptions & { now: Date },
  file: (n: string) => string,
  counts: Record<string, number>,
) {
  const unitOf = new Map<GridCell, DistrictArea['units'][number]>();
  const districtOf = new Map<GridCell, string>();
  for (const d of districts) for (const u of d.units) for (const g of u.grids) [unitOf.set(g, u), districtOf.set(g, d.row.code)];
  const servedBy = new Map<string, string>();
  for (const s of sites) for (const c of s.serves) servedBy.set(c, s.code);
  const csv = csvWriter(file('incidents.csv'), INCIDENT_COLUMNS);
  generateIncidents(
    options.incidents,
    {
      grids: [...unitOf.keys()],
      unitOf: (g) => unitOf.get(g)!,
      streetOf: (g) => unitOf.get(g)!.street.code,
      districtOf: (g) => districtOf.get(g)!,
      mediationPointOf: (c) => servedBy.get(c)!,
    },
    createRandom(options.seed, 'incidents'),
    (row) => csv.row(row),
    options.now,
  );
  await csv.done();
  counts.incidents = csv.rows;
}
