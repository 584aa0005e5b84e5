/**
 * Compounds and sites of one district, all synthetic and placed inside their grids: governance centers,
 * mediation points (some serving a neighbouring small village too), mediation rooms, watch posts,
 * traffic control points on border grids and ferry points where the river line crosses the district.
 */
import type { DistrictArea, GridCell, UnitArea } from './city.ts';
import { CITY, CITY_CENTER } from './figures.ts';
import { pointInMultiPolygon, pointOnSurface, pointWellInside } from './geometry.ts';
import { compoundName, shortUnitName } from './naming.ts';
import { fakePhone, personName } from './people.ts';
import type { Random } from './random.ts';

export type SiteKind = 'mediation_point' | 'mediation_room' | 'watch_post' | 'traffic_point' | 'ferry_point' | 'governance_center';

export interface Site {
  code: string;
  kind: SiteKind;
  name: string;
  address: string;
  districtCode: string;
  streetCode: string | null;
  communityCode: string | null;
  contactName: string;
  contactPhone: string;
  x: number;
  y: number;
  grid: GridCell;
  /** communities served (mediation points) */
  serves: string[];
}

export interface Compound {
  code: string;
  name: string;
  communityCode: string;
  households: number;
  population: number;
  x: number;
  y: number;
  grid: GridCell;
}

/**
 * A point inside the grid, near its seed (within ~`spread` lattice units), rounded to the lattice.
 *
 * @example
 * const [x, y] = pointInGrid(grid, rng, 300);
 */
export function pointInGrid(grid: GridCell, rng: Random, spread: number): [number, number] {
  for (let t = 0; t < 8; t++) {
    const x = Math.round(grid.seed.x + rng.normal() * spread);
    const y = Math.round(grid.seed.y + rng.normal() * spread);
    if (pointWellInside(x, y, grid.geometry)) return [x, y];
    spread /= 2;
  }
  const [x, y] = [Math.round(grid.seed.x), Math.round(grid.seed.y)];
  if (pointWellInside(x, y, grid.geometry)) return [x, y];
  const [px, py] = pointOnSurface(grid.geometry[0]);
  return [Math.round(px), Math.round(py)];
}

const generalGrids = (unit: UnitArea) => unit.grids.filter((g) => g.kind === 'general');

export function buildDistrictSites(area: DistrictArea, ferries: [number, number][], rng: Random) {
  const { row: district, units, shares } = area;
  const sites: Site[] = [];
  const address = (unit: UnitArea) => `${CITY.name}${district.name}${unit.street.name}${shortUnitName(unit.row.name)}`;
  const site = (kind: SiteKind, code: string, name: string, unit: UnitArea, grid: GridCell, at: [number, number], contact = personName(rng)) => {
    const s: Site = {
      code,
      kind,
      name,
      address: address(unit),
      districtCode: district.code,
      streetCode: unit.street.code,
      communityCode: unit.row.code,
      contactName: contact,
      contactPhone: fakePhone(rng),
      x: at[0],
      y: at[1],
      grid,
      serves: [],
    };
    sites.push(s);
    return s;
  };
  const spreadOf = (grid: GridCell) => Math.max(30, Math.sqrt(Math.abs(areaOf(grid))) / 6);
  const place = (unit: UnitArea) => {
    const grids = generalGrids(unit);
    const grid = grids[rng.weighted(grids.map((g) => g.households + 1))];
    return { grid, at: pointInGrid(grid, rng, spreadOf(grid)) };
  };
  const biggest = (list: UnitArea[]) => list.reduce((a, b) => (b.population > a.population ? b : a));

  // Compounds first: watch posts stand at them.
  const compounds: Compound[] = [];
  for (const unit of units) {
    unit.compounds.forEach((c, n) => {
      const { grid, at } = place(unit);
      compounds.push({
        code: `${unit.row.code}C${String(n + 1).padStart(3, '0')}`,
        name: compoundName(unit.row.name, unit.row.kind, n),
        communityCode: unit.row.code,
        households: c.households,
        population: c.population,
        x: at[0],
        y: at[1],
        grid,
      });
    });
  }

  // Governance centers: city (in the district holding the city center), district, one per street.
  const cityX = CITY_CENTER[0] * 1e6;
  const cityY = CITY_CENTER[1] * 1e6;
  if (area.shape.contains(cityX, cityY)) {
    const grid = units.flatMap((u) => u.grids).find((g) => pointInMultiPolygon(cityX, cityY, g.geometry));
    if (grid) site('governance_center', `GC${CITY.code}`, `${CITY.name}综治中心`, units[grid.unit], grid, [Math.round(cityX), Math.round(cityY)]);
  }
  const streetUnits = area.streets.map((s) => s.units.map((u) => units[u]));
  const seatStreet = streetUnits.reduce((a, b) => (sum(b) > sum(a) ? b : a));
  {
    const unit = biggest(seatStreet);
    const { grid, at } = place(unit);
    site('governance_center', `GC${district.code}`, `${district.name}综治中心`, unit, grid, at);
  }
  area.streets.forEach((street, s) => {
    const unit = biggest(streetUnits[s]);
    const { grid, at } = place(unit);
    site('governance_center', `GC${street.row.code}`, `${street.row.name}综治中心`, unit, grid, at);
  });

  // Mediation points: every unit has one unless a neighbouring village in the same street serves it.
  const host = mediationHosts(area, shares.absorbedUnits);
  units.forEach((unit, u) => {
    if (host[u] !== u) return;
    const { grid, at } = place(unit);
    const point = site('mediation_point', `MP${unit.row.code}`, `${shortUnitName(unit.row.name)}评理说事点`, unit, grid, at);
    point.serves = units.filter((_, v) => host[v] === u).map((v) => v.row.code);
  });

  for (let r = 0; r < shares.mediationRooms; r++) {
    const unit = units[rng.weighted(units.map((x) => x.population))];
    const { grid, at } = place(unit);
    const mediator = personName(rng);
    site('mediation_room', `MR${district.code}${String(r + 1).padStart(3, '0')}`, `${mediator}调解室`, unit, grid, at, mediator);
  }

  // Watch posts: one at every compound, the extra ones at the largest compounds.
  const byHouseholds = [...compounds].sort((a, b) => b.households - a.households || a.code.localeCompare(b.code));
  for (let w = 0; w < shares.watchPosts; w++) {
    const compound = w < compounds.length ? compounds[w] : byHouseholds[(w - compounds.length) % byHouseholds.length];
    const second = w >= compounds.length;
    const at = pointInGrid(compound.grid, rng, 40);
    const unit = units[compound.grid.unit];
    site('watch_post', `WP${district.code}${String(w + 1).padStart(5, '0')}`, `${compound.name}平安守望岗${second ? '(二)' : ''}`, unit, compound.grid, at);
  }

  // Traffic control points at the district's edge (city entrances, epidemic checkpoints).
  const border = units.flatMap((u) => u.grids).filter((g) => g.border && g.kind === 'general');
  const chosen = rng.shuffle([...border]).slice(0, shares.trafficPoints);
  chosen.forEach((grid, t) => {
    const unit = units[grid.unit];
    site(
      'traffic_point',
      `TP${district.code}${String(t + 1).padStart(2, '0')}`,
      `${unit.street.name}${shortUnitName(unit.row.name)}交通调流点`,
      unit,
      grid,
      pointInGrid(grid, rng, spreadOf(grid)),
    );
  });

  ferries.forEach(([x, y], f) => {
    const grid = units.flatMap((u) => u.grids).find((g) => pointInMultiPolygon(x, y, g.geometry));
    if (!grid) return;
    const unit = units[grid.unit];
    site('ferry_point', `FP${district.code}${String(f + 1).padStart(2, '0')}`, `浑河${shortUnitName(unit.row.name)}渡口`, unit, grid, [x, y]);
  });

  return { sites, compounds };
}

/**
 * For each unit, the unit whose mediation point serves it (itself, or an adjacent unit of the same street).
 * The smallest villages are folded into their largest neighbour until `quota` units are served by a neighbour.
 */
export function mediationHosts(area: DistrictArea, quota: number): number[] {
  const { units } = area;
  const host = units.map((_, i) => i);
  const load = units.map(() => 1);
  const candidates = units
    .map((u, i) => [u, i] as const)
    .filter(([u]) => u.rural)
    .sort(([a], [b]) => a.households - b.households || a.row.code.localeCompare(b.row.code));
  let absorbed = 0;
  for (const [unit, i] of candidates) {
    if (absorbed >= quota) break;
    if (host[i] !== i || load[i] > 1) continue;
    const options = unit.neighbours.filter((j) => units[j].street.code === unit.street.code && host[j] === j && load[j] < 3);
    if (options.length === 0) continue;
    const j = options.reduce((a, b) => (units[b].households > units[a].households ? b : a));
    host[i] = j;
    load[j]++;
    absorbed++;
  }
  if (absorbed < quota) throw new Error(`${area.row.name}: only ${absorbed} of ${quota} villages could share a neighbour's mediation point`);
  return host;
}

const sum = (list: UnitArea[]) => list.reduce((s, u) => s + u.population, 0);

function areaOf(grid: GridCell): number {
  let a = 0;
  for (const polygon of grid.geometry) {
    const ring = polygon[0];
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i];
      const q = ring[(i + 1) % ring.length];
      a += (p[0] - ring[0][0]) * (q[1] - ring[0][1]) - (q[0] - ring[0][0]) * (p[1] - ring[0][1]);
    }
  }
  return a / 2;
}
