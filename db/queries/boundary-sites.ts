import type pg from 'pg';
import type { BoundaryEdit, BoundaryEditResult } from '../../core/contracts/boundaries.ts';
import { BoundaryEditRefused } from './boundary-checks.ts';
import { versionSite } from './boundary-history.ts';

type SiteEdit = Extract<BoundaryEdit, { kind: 'site_add' | 'site_move' | 'site_retire' }>;
type Outcome = Pick<BoundaryEditResult, 'target' | 'created' | 'changed' | 'retired'>;

/** The district, street and community a point lies in (lowest code on a shared edge); outside the city 422. */
async function placeOf(client: pg.PoolClient, at: { lon: number; lat: number }) {
  const { rows } = await client.query<{ district: string; street: string | null; community: string | null }>(
    `WITH p AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS geom)
     SELECT d.code AS district,
            (SELECT s.code FROM streets s WHERE s.parent_code = d.code AND ST_Intersects(s.geom, p.geom) ORDER BY s.code LIMIT 1) AS street,
            (SELECT c.code FROM communities c WHERE left(c.code, 6) = d.code AND ST_Intersects(c.geom, p.geom) ORDER BY c.code LIMIT 1) AS community
     FROM districts d, p WHERE ST_Intersects(d.geom, p.geom) ORDER BY d.code LIMIT 1`,
    [at.lon, at.lat],
  );
  if (!rows[0]) throw new BoundaryEditRefused(422, 'outside_city', `${at.lon}, ${at.lat} is outside the city`, 'at');
  return rows[0];
}

async function lockSite(client: pg.PoolClient, code: string) {
  const found = await client.query(`SELECT 1 FROM sites WHERE code = $1 FOR UPDATE`, [code]);
  if (!found.rowCount) throw new BoundaryEditRefused(404, 'not_found', `no site ${code}`, 'site');
}

/**
 * Adds, moves or retires a site inside the caller's transaction, keeping its versions: a move closes the
 * old place and opens the new one, a retirement closes the last version and removes the live row (the
 * volunteers and teams posted there are unassigned). Codes are never reused.
 *
 * @example
 * await editSite(client, editId, { kind: 'site_retire', site: 'WP-1', reason: '岗亭拆除' });
 */
export async function editSite(client: pg.PoolClient, editId: number, edit: SiteEdit): Promise<Outcome> {
  if (edit.kind === 'site_add') {
    const code = edit.site.code;
    const taken = await client.query(`SELECT 1 FROM sites WHERE code = $1 UNION ALL SELECT 1 FROM site_versions WHERE code = $1 LIMIT 1`, [code]);
    if (taken.rowCount) throw new BoundaryEditRefused(409, 'code_taken', `site code ${code} is or was in use`, 'site.code');
    const kind = await client.query(`SELECT 1 FROM site_kinds WHERE kind = $1`, [edit.site.kind]);
    if (!kind.rowCount) throw new BoundaryEditRefused(400, 'unknown_kind', `no site kind ${edit.site.kind}`, 'site.kind');
    const place = await placeOf(client, edit.at);
    await client.query(
      `INSERT INTO sites (code, kind, name, address, district_code, street_code, community_code, synthetic, source, geom)
       VALUES ($1, $2, $3, $4, $5, $6, $7, false, 'edit', ST_SetSRID(ST_MakePoint($8, $9), 4326))`,
      [code, edit.site.kind, edit.site.name, edit.site.address ?? null, place.district, place.street, place.community, edit.at.lon, edit.at.lat],
    );
    await versionSite(client, code, editId, 'added');
    return { target: code, created: [code], changed: [], retired: [] };
  }
  await lockSite(client, edit.site);
  if (edit.kind === 'site_move') {
    const place = await placeOf(client, edit.at);
    await versionSite(client, edit.site, editId, 'retired');
    await client.query(
      `UPDATE sites SET district_code = $2, street_code = $3, community_code = $4, geom = ST_SetSRID(ST_MakePoint($5, $6), 4326) WHERE code = $1`,
      [edit.site, place.district, place.street, place.community, edit.at.lon, edit.at.lat],
    );
    await versionSite(client, edit.site, editId, 'added');
    return { target: edit.site, created: [], changed: [edit.site], retired: [] };
  }
  await versionSite(client, edit.site, editId, 'retired');
  await client.query(`UPDATE volunteers SET watch_post_code = NULL WHERE watch_post_code = $1`, [edit.site]);
  await client.query(`UPDATE volunteer_teams SET watch_post_code = NULL WHERE watch_post_code = $1`, [edit.site]);
  await client.query(`DELETE FROM sites WHERE code = $1`, [edit.site]);
  return { target: edit.site, created: [], changed: [], retired: [edit.site] };
}
