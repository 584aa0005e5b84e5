import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { LonLat } from '../../core/contracts/field-coords.ts';
import type { NearbySite } from '../../core/contracts/field.ts';

export type SiteRow = {
  code: string;
  kind: string;
  kindName: string;
  kindNameEn: string;
  name: string;
  address: string | null;
  lon: number;
  lat: number;
  distanceM: number;
  bearingDeg: number | null;
  /** planar distance in degrees (the `<->` ordering value) */
  planar: number;
};

/** How many KNN candidates per wanted site: planar degrees and the spheroid disagree by up to ~35% here. */
export const candidateFactor = 4;

/**
 * Metres per degree that no direction can undercut near `lat` within `spanDeg` degrees: the smaller of
 * the meridian's (≥ 110,574 m at the equator) and the parallel's (a·cos φ at the farthest latitude),
 * with a 0.5% margin. Any site farther than d degrees (planar) is at least `d × this` metres away.
 *
 * @example
 * minMetresPerDegree(41.8, 0.1) // ≈ 82,300
 */
export function minMetresPerDegree(lat: number, spanDeg: number): number {
  const farthest = Math.min(89.9, Math.abs(lat) + spanDeg);
  return 0.995 * Math.min(110_574, 111_319.49 * Math.cos((farthest * Math.PI) / 180));
}

const columns = (pt: ReturnType<typeof sql>) => sql`s.code, s.kind, k.name_zh AS "kindName", k.name_en AS "kindNameEn", s.name, s.address,
  ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
  ST_Distance(s.geom::geography, ${pt}::geography) AS "distanceM",
  degrees(ST_Azimuth(${pt}::geography, s.geom::geography)) AS "bearingDeg",
  s.geom <-> ${pt} AS planar`;

const pointSql = (point: LonLat) => sql`ST_SetSRID(ST_MakePoint(${point.lon}, ${point.lat}), 4326)`;
/**
 * Site kinds as SQL literals, not parameters: they come from the registry (checked codes), and with
 * them (and the LIMIT) in the text the prepared locate statement can keep one generic plan.
 */
const kindList = (kinds: readonly string[]) =>
  sql.raw(
    kinds.length === 0
      ? // an empty locate group (an admin moved its kinds away): IN (NULL) matches nothing
        'NULL'
      : kinds
          .map((kind) => {
            // the registry's own check (migration 0021), repeated because these are literals in SQL text
            if (!/^[a-z][a-z0-9_]{1,39}$/.test(kind)) throw new Error(`site kind ${JSON.stringify(kind)}: lower-case letters, digits and _ only`);
            return `'${kind}'`;
          })
          .join(', '),
  );

/**
 * SQL for a JSON array of the KNN candidates: the `count` sites of `kinds` nearest by planar `<->`
 * (GiST index order), each with its exact spheroid distance and bearing. Embeddable in a larger
 * statement (locate asks for areas and both site lists in one round trip).
 */
export function siteCandidatesSql(point: LonLat, kinds: readonly string[], count: number): SQL {
  const pt = pointSql(point);
  return sql`(SELECT coalesce(json_agg(c), '[]'::json) FROM (
    SELECT ${columns(pt)} FROM (
      SELECT * FROM sites WHERE kind IN (${kindList(kinds)}) ORDER BY geom <-> ${pt} LIMIT ${sql.raw(String(Math.trunc(count)))}
    ) s JOIN site_kinds k ON k.kind = s.kind) c)`;
}

/**
 * The nearest `limit` of the candidates, PROVEN complete: a site outside the candidates lies at least
 * (farthest candidate's planar distance × minMetresPerDegree) away; only when that bound is below the
 * kept distance could it win, and then a bounded `ST_DWithin` query over the index settles it.
 */
export async function completeNearest(
  db: Db,
  point: LonLat,
  kinds: readonly string[],
  limit: number,
  count: number,
  candidates: SiteRow[],
): Promise<NearbySite[]> {
  let rows = rank(candidates);
  const last = candidates.reduce((max, row) => Math.max(max, row.planar), 0);
  const kept = rows[Math.min(limit, rows.length) - 1];
  // fewer candidates than asked for: there are no other sites of these kinds
  if (candidates.length === count && kept && last * minMetresPerDegree(point.lat, last) < kept.distanceM) {
    const pt = pointSql(point);
    // a hair wider than the kept distance: ST_DWithin and ST_Distance may round the boundary differently
    const radiusM = kept.distanceM * 1.0001 + 0.01;
    const radiusDeg = radiusM / minMetresPerDegree(point.lat, radiusM / 50_000);
    const second = await db.execute<SiteRow>(sql`
      SELECT ${columns(pt)} FROM sites s JOIN site_kinds k ON k.kind = s.kind
      WHERE s.kind IN (${kindList(kinds)}) AND s.geom && ST_Expand(${pt}, ${radiusDeg})
        AND ST_DWithin(s.geom::geography, ${pt}::geography, ${radiusM})`);
    rows = rank(second.rows);
  }
  return rows.slice(0, limit).map((row) => ({
    code: row.code,
    kind: row.kind,
    kindName: row.kindName,
    kindNameEn: row.kindNameEn,
    name: row.name,
    address: row.address,
    location: { lon: row.lon, lat: row.lat },
    distanceM: Math.round(row.distanceM * 10) / 10,
    // a site exactly at the point has no azimuth (NULL)
    bearingDeg: row.bearingDeg === null ? 0 : (Math.round(row.bearingDeg * 10) / 10) % 360,
  }));
}

/**
 * The `limit` sites of the given kinds nearest to a WGS-84 point, by geodesic distance on the WGS-84
 * spheroid (ties by code). Candidates come from the GiST index (`ORDER BY geom <-> point`, planar
 * degrees, limit × 4), are re-ranked by exact spheroid distance, and the result is proven complete
 * (`completeNearest`).
 *
 * @example
 * await nearestSites(db, { lon: 123.45, lat: 41.8 }, ['watch_post'], 5) // [{ code, distanceM: 182.4, bearingDeg: 37.1, … }, …]
 */
export async function nearestSites(
  db: Db,
  point: LonLat,
  kinds: readonly string[],
  limit: number,
  /** candidates per wanted site; tests lower it to exercise the completeness check */
  factor = candidateFactor,
): Promise<NearbySite[]> {
  const count = limit * factor;
  const result = await db.execute<{ candidates: SiteRow[] }>(sql`SELECT ${siteCandidatesSql(point, kinds, count)} AS candidates`);
  return completeNearest(db, point, kinds, limit, count, result.rows[0]!.candidates);
}

const rank = (rows: SiteRow[]) => [...rows].sort((a, b) => a.distanceM - b.distanceM || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
