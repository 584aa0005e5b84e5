import type pg from 'pg';
import type { Db } from '../client.ts';
import { sql } from 'drizzle-orm';

/** Runs one statement; a transaction's client. */
type Client = Pick<pg.PoolClient, 'query'>;
export type VersionLevel = 'community' | 'grid';
const liveTable: Record<VersionLevel, string> = { community: 'communities', grid: 'grid_cells' };
/**
 * The instant of an edit: the transaction's start, cut to the millisecond the API reports, so that asking
 * "as of" the instant an edit answered with shows that edit.
 */
export const EDIT_TIME = `date_trunc('milliseconds', now())`;

/**
 * Closes the open versions of the given areas at the edit's time (`EDIT_TIME`), first
 * writing the version a never-edited live row has implicitly held since the data began.
 *
 * @example
 * await closeAreaVersions(client, 'grid', ['97500100100101'], editId);
 */
export async function closeAreaVersions(client: Client, level: VersionLevel, codes: string[], editId: number): Promise<void> {
  if (codes.length === 0) return;
  await client.query(
    `INSERT INTO area_versions (level, code, parent_code, name, kind, geom, valid_from)
     SELECT $1, code, parent_code, name, kind, geom, '-infinity' FROM ${liveTable[level]} t
     WHERE code = ANY($2) AND NOT EXISTS (SELECT 1 FROM area_versions v WHERE v.level = $1 AND v.code = t.code)`,
    [level, codes],
  );
  await client.query(`UPDATE area_versions SET valid_to = ${EDIT_TIME}, closed_by = $3 WHERE level = $1 AND code = ANY($2) AND valid_to = 'infinity'`, [
    level,
    codes,
    editId,
  ]);
}

/**
 * Writes the live rows of the given areas, as they are now, as versions valid from the edit's time.
 *
 * @example
 * await openAreaVersions(client, 'grid', ['97500100100101', '97500100100103'], editId);
 */
export async function openAreaVersions(client: Client, level: VersionLevel, codes: string[], editId: number): Promise<void> {
  if (codes.length === 0) return;
  await client.query(
    `INSERT INTO area_versions (level, code, parent_code, name, kind, geom, valid_from, edit_id)
     SELECT $1, code, parent_code, name, kind, geom, ${EDIT_TIME}, $3 FROM ${liveTable[level]} WHERE code = ANY($2)`,
    [level, codes, editId],
  );
}

/**
 * `retired`: closes a site's open version (first writing the implicit one a never-edited site has held
 * since the data began); `added`: writes its live row as a version from now. A move is both, around the update.
 *
 * @example
 * await versionSite(client, 'WP-1', editId, 'retired');
 */
export async function versionSite(client: Client, code: string, editId: number, change: 'added' | 'retired'): Promise<void> {
  if (change === 'retired') {
    await client.query(
      `INSERT INTO site_versions (code, kind, name, community_code, geom, valid_from)
       SELECT code, kind, name, community_code, geom, '-infinity' FROM sites s
       WHERE code = $1 AND NOT EXISTS (SELECT 1 FROM site_versions v WHERE v.code = s.code)`,
      [code],
    );
    await client.query(`UPDATE site_versions SET valid_to = ${EDIT_TIME}, closed_by = $2 WHERE code = $1 AND valid_to = 'infinity'`, [code, editId]);
  } else
    await client.query(
      `INSERT INTO site_versions (code, kind, name, community_code, geom, valid_from, edit_id)
       SELECT code, kind, name, community_code, geom, ${EDIT_TIME}, $2 FROM sites WHERE code = $1`,
      [code, editId],
    );
}

const iso = (v: unknown) => (v === null ? null : String(v));

/**
 * The grids of an area (district, street or community code) as they were at `asOf`: the versions valid
 * then, plus live grids never edited (valid since the data began). Codes of the time, geometry as GeoJSON.
 *
 * @example
 * const grids = await gridsAsOf(db, '975001001001', new Date('2026-01-01T00:00:00Z'));
 */
export async function gridsAsOf(db: Db, area: string, asOf: Date) {
  const t = asOf.toISOString();
  const result = await db.execute<{ code: string; parent_code: string; name: string; kind: string; valid_from: unknown; valid_to: unknown; geom: string }>(sql`
    SELECT code, parent_code, name, kind, geom, valid_from, valid_to FROM (
      SELECT code, parent_code, name, kind, ST_AsGeoJSON(geom, 7) AS geom,
             CASE WHEN valid_from = '-infinity' THEN NULL ELSE to_char(valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END AS valid_from,
             CASE WHEN valid_to = 'infinity' THEN NULL ELSE to_char(valid_to AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END AS valid_to
      FROM area_versions
      WHERE level = 'grid' AND left(code, ${area.length}) = ${area} AND valid_from <= ${t}::timestamptz AND valid_to > ${t}::timestamptz
      UNION ALL
      SELECT code, parent_code, name, kind, ST_AsGeoJSON(geom, 7), NULL, NULL FROM grid_cells g
      WHERE left(code, ${area.length}) = ${area} AND NOT EXISTS (SELECT 1 FROM area_versions v WHERE v.level = 'grid' AND v.code = g.code)
    ) x ORDER BY code`);
  return result.rows.map((r) => ({
    type: 'Feature' as const,
    geometry: JSON.parse(r.geom) as { type: 'MultiPolygon'; coordinates: unknown[] },
    properties: { code: r.code, parentCode: r.parent_code, name: r.name, kind: r.kind, validFrom: iso(r.valid_from), validTo: iso(r.valid_to) },
  }));
}

/**
 * The sites of an area as they stood at `asOf` (moved sites at their place then, retired ones while open).
 *
 * @example
 * const sites = await sitesAsOf(db, '975001', new Date());
 */
export async function sitesAsOf(db: Db, area: string, asOf: Date) {
  const t = asOf.toISOString();
  const result = await db.execute<{
    code: string;
    community_code: string | null;
    name: string;
    kind: string;
    valid_from: unknown;
    valid_to: unknown;
    geom: string;
  }>(sql`
    SELECT code, community_code, name, kind, geom, valid_from, valid_to FROM (
      SELECT code, community_code, name, kind, ST_AsGeoJSON(geom, 7) AS geom,
             CASE WHEN valid_from = '-infinity' THEN NULL ELSE to_char(valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END AS valid_from,
             CASE WHEN valid_to = 'infinity' THEN NULL ELSE to_char(valid_to AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END AS valid_to
      FROM site_versions
      WHERE left(coalesce(community_code, ''), ${area.length}) = ${area} AND valid_from <= ${t}::timestamptz AND valid_to > ${t}::timestamptz
      UNION ALL
      SELECT code, community_code, name, kind, ST_AsGeoJSON(geom, 7), NULL, NULL FROM sites s
      WHERE (left(coalesce(community_code, ''), ${area.length}) = ${area} OR left(coalesce(district_code, ''), ${area.length}) = ${area})
        AND NOT EXISTS (SELECT 1 FROM site_versions v WHERE v.code = s.code)
    ) x ORDER BY code`);
  return result.rows.map((r) => ({
    type: 'Feature' as const,
    geometry: JSON.parse(r.geom) as { type: 'Point'; coordinates: number[] },
    properties: { code: r.code, communityCode: r.community_code, name: r.name, kind: r.kind, validFrom: iso(r.valid_from), validTo: iso(r.valid_to) },
  }));
}

/**
 * The edit log, newest first, optionally about one code.
 *
 * @example
 * const { 0: last } = await listBoundaryEdits(db, 1);
 */
export async function listBoundaryEdits(db: Db, limit: number, target?: string) {
  const result = await db.execute<{
    id: string;
    at: Date;
    username: string;
    kind: string;
    reason: string;
    target: string;
    payload: Record<string, unknown>;
  }>(sql`
    SELECT id, at, username, kind, reason, target, payload FROM boundary_edits
    WHERE ${target ?? null}::text IS NULL OR target = ${target ?? null}
    ORDER BY at DESC, id DESC LIMIT ${limit}`);
  return result.rows.map((r) => {
    const outcome = (r.payload.result ?? {}) as { created?: string[]; changed?: string[]; retired?: string[] };
    return {
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      username: r.username,
      kind: r.kind as 'split',
      reason: r.reason,
      target: r.target,
      created: outcome.created ?? [],
      changed: outcome.changed ?? [],
      retired: outcome.retired ?? [],
      payload: r.payload,
    };
  });
}
