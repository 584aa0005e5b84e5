import type pg from 'pg';
import { withTransaction, type Database } from '../client.ts';
import type { BoundaryEdit, BoundaryEditResult } from '../../core/contracts/boundaries.ts';
import { openStatuses } from '../../core/workflow/machine.ts';
import { assertCommunityFits, assertTiling, BoundaryEditRefused } from './boundary-checks.ts';
import { closeAreaVersions, EDIT_TIME, openAreaVersions } from './boundary-history.ts';
import { editSite } from './boundary-sites.ts';

type Client = pg.PoolClient;
export interface EditActor {
  userId: number | null;
  username: string;
}
type Outcome = Pick<BoundaryEditResult, 'target' | 'created' | 'changed' | 'retired'>;
const geo = (p: number) => `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($${p}), 4326))`;

/**
 * Applies one map edit in one transaction: logs it (who, when, why), closes the versions it replaces,
 * rewrites the live rows, writes the new versions and validates the result in PostGIS; a refusal
 * (`BoundaryEditRefused`) rolls everything back. Live-table triggers bump the layers' data versions,
 * so tiles and caches follow at once.
 *
 * @example
 * const done = await applyBoundaryEdit(database, { userId: 1, username: 'admin' },
 *   { kind: 'merge', grids: ['97500100100101', '97500100100102'], reason: '两网格合并' });
 */
export async function applyBoundaryEdit(database: Pick<Database, 'pool'>, actor: EditActor, edit: BoundaryEdit): Promise<BoundaryEditResult> {
  return withTransaction(database, async (client) => {
    const target =
      edit.kind === 'merge'
        ? edit.grids[0]!
        : edit.kind === 'split'
          ? edit.grid
          : edit.kind === 'redraw'
            ? edit.community
            : typeof edit.site === 'string'
              ? edit.site
              : edit.site.code;
    const { reason, ...payload } = edit;
    const logged = await client.query<{ id: string; at: Date }>(
      `INSERT INTO boundary_edits (at, user_id, username, kind, reason, target, payload) VALUES (${EDIT_TIME}, $1, $2, $3, $4, $5, $6) RETURNING id, at`,
      [actor.userId, actor.username, edit.kind, reason, target, JSON.stringify(payload)],
    );
    const id = Number(logged.rows[0]!.id);
    const outcome =
      edit.kind === 'split'
        ? await split(client, id, edit)
        : edit.kind === 'merge'
          ? await merge(client, id, edit)
          : edit.kind === 'redraw'
            ? await redraw(client, id, edit)
            : await editSite(client, id, edit);
    await client.query(`UPDATE boundary_edits SET target = $2, payload = payload || jsonb_build_object('result', $3::jsonb) WHERE id = $1`, [
      id,
      outcome.target,
      JSON.stringify({ created: outcome.created, changed: outcome.changed, retired: outcome.retired }),
    ]);
    return { id, at: logged.rows[0]!.at.toISOString(), kind: edit.kind, ...outcome };
  });
}

async function lockGrids(client: Client, codes: string[]) {
  const { rows } = await client.query<{ code: string; parent_code: string; name: string }>(
    `SELECT code, parent_code, name FROM grid_cells WHERE code = ANY($1) ORDER BY code FOR UPDATE`,
    [codes],
  );
  const missing = codes.filter((c) => !rows.some((r) => r.code === c));
  if (missing.length) throw new BoundaryEditRefused(404, 'not_found', `no grid ${missing.join(', ')}`);
  return rows;
}

// Open cases follow the ground they stand on (someone must work them); closed ones keep the grid code of
// their time, so history, KPIs and "as of" queries stay attributed to the boundaries then.
async function refileOpenIncidents(client: Client, community: string) {
  await client.query(
    `UPDATE incidents i SET grid_code = m.code FROM (
       SELECT DISTINCT ON (i2.id) i2.id, g.code FROM incidents i2 JOIN grid_cells g ON g.parent_code = $1 AND ST_Intersects(g.geom, i2.geom)
       WHERE i2.community_code = $1 AND i2.status = ANY($2) ORDER BY i2.id, g.code) m
     WHERE i.id = m.id AND i.grid_code IS DISTINCT FROM m.code`,
    [community, openStatuses],
  );
}

/** The next free 2-digit sequence in a community, never reusing a code any version ever had. */
async function nextGridCode(client: Client, community: string): Promise<string> {
  const { rows } = await client.query<{ seq: number }>(
    `SELECT coalesce(max(right(code, 2)::int), 0) + 1 AS seq FROM (
       SELECT code FROM grid_cells WHERE parent_code = $1 UNION ALL SELECT code FROM area_versions WHERE level = 'grid' AND parent_code = $1) x`,
    [community],
  );
  const seq = Number(rows[0]!.seq);
  if (seq > 99) throw new BoundaryEditRefused(409, 'codes_exhausted', `community ${community} has used all 99 grid codes`);
  return community + String(seq).padStart(2, '0');
}

async function split(client: Client, editId: number, edit: Extract<BoundaryEdit, { kind: 'split' }>): Promise<Outcome> {
  const [grid] = await lockGrids(client, [edit.grid]);
  const { rows: parts } = await client.query<{ geom: string; share: number }>(
    `WITH p AS (SELECT (ST_Dump(ST_Split(g.geom, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)))).geom FROM grid_cells g WHERE g.code = $1)
     SELECT ST_AsGeoJSON(geom) AS geom, ST_Area(geom::geography) / sum(ST_Area(geom::geography)) OVER () AS share FROM p ORDER BY 2 DESC`,
    [edit.grid, JSON.stringify(edit.line)],
  );
  if (parts.length !== 2)
    throw new BoundaryEditRefused(
      400,
      'bad_split_line',
      `the line must cross grid ${edit.grid} once, edge to edge (it makes ${parts.length} part${parts.length === 1 ? '' : 's'})`,
      'line',
    );
  const community = grid!.parent_code;
  const code = await nextGridCode(client, community);
  await closeAreaVersions(client, 'grid', [edit.grid], editId);
  // households and residents are shared by area until the grid worker recounts them
  await client.query(
    `INSERT INTO grid_cells (code, name, code_vintage, synthetic, source, parent_code, kind, dedicated_type, households, population, worker_code, geom)
     SELECT $2, $3, code_vintage, false, 'edit', parent_code, kind, dedicated_type, round(households * $5::float8), round(population * $5::float8), worker_code, ${geo(4)}
     FROM grid_cells WHERE code = $1`,
    [edit.grid, code, edit.name ?? `${grid!.name}（${code.slice(-2)}）`, parts[1]!.geom, parts[1]!.share],
  );
  await client.query(
    `UPDATE grid_cells SET geom = ${geo(2)}, households = households - (SELECT households FROM grid_cells WHERE code = $3), population = population - (SELECT population FROM grid_cells WHERE code = $3) WHERE code = $1`,
    [edit.grid, parts[0]!.geom, code],
  );
  await openAreaVersions(client, 'grid', [edit.grid, code], editId);
  await assertTiling(client, community);
  await refileOpenIncidents(client, community);
  return { target: edit.grid, created: [code], changed: [edit.grid], retired: [] };
}

async function merge(client: Client, editId: number, edit: Extract<BoundaryEdit, { kind: 'merge' }>): Promise<Outcome> {
  const codes = [...new Set(edit.grids)].sort();
  if (codes.length < 2) throw new BoundaryEditRefused(400, 'bad_merge', 'name at least two different grids', 'grids');
  const grids = await lockGrids(client, codes);
  const community = grids[0]!.parent_code;
  if (grids.some((g) => g.parent_code !== community))
    throw new BoundaryEditRefused(409, 'different_communities', `grids ${codes.join(', ')} are not all in one community`, 'grids');
  const { rows } = await client.query<{ parts: number }>(`SELECT ST_NumGeometries(ST_Union(geom)) AS parts FROM grid_cells WHERE code = ANY($1)`, [codes]);
  if (Number(rows[0]!.parts) !== 1) throw new BoundaryEditRefused(409, 'not_adjacent', `grids ${codes.join(', ')} do not form one connected area`, 'grids');
  const [survivor, ...others] = codes as [string, ...string[]];
  await closeAreaVersions(client, 'grid', codes, editId);
  await client.query(
    `UPDATE grid_cells SET name = coalesce($3, name), geom = (SELECT ST_Multi(ST_Union(geom)) FROM grid_cells WHERE code = ANY($2)),
       households = (SELECT sum(households) FROM grid_cells WHERE code = ANY($2)), population = (SELECT sum(population) FROM grid_cells WHERE code = ANY($2))
     WHERE code = $1`,
    [survivor, codes, edit.name ?? null],
  );
  await client.query(`UPDATE volunteers SET grid_code = $1 WHERE grid_code = ANY($2)`, [survivor, others]);
  await client.query(`DELETE FROM grid_cells WHERE code = ANY($1)`, [others]);
  await openAreaVersions(client, 'grid', [survivor], editId);
  await assertTiling(client, community);
  await refileOpenIncidents(client, community);
  return { target: survivor, created: [], changed: [survivor], retired: others };
}

async function redraw(client: Client, editId: number, edit: Extract<BoundaryEdit, { kind: 'redraw' }>): Promise<Outcome> {
  const found = await client.query(`SELECT 1 FROM communities WHERE code = $1 FOR UPDATE`, [edit.community]);
  if (!found.rowCount) throw new BoundaryEditRefused(404, 'not_found', `no community ${edit.community}`, 'community');
  const codes = edit.grids.map((g) => g.code);
  const own = await lockGrids(client, codes);
  own.forEach((g) => {
    if (g.parent_code !== edit.community)
      throw new BoundaryEditRefused(400, 'not_in_community', `grid ${g.code} is not in community ${edit.community}`, 'grids');
  });
  if (edit.boundary) {
    await closeAreaVersions(client, 'community', [edit.community], editId);
    await client.query(`UPDATE communities SET geom = ${geo(2)} WHERE code = $1`, [edit.community, JSON.stringify(edit.boundary)]);
    await assertCommunityFits(client, edit.community);
    await openAreaVersions(client, 'community', [edit.community], editId);
  }
  await closeAreaVersions(client, 'grid', codes, editId);
  for (const g of edit.grids) await client.query(`UPDATE grid_cells SET geom = ${geo(2)} WHERE code = $1`, [g.code, JSON.stringify(g.geometry)]);
  await openAreaVersions(client, 'grid', codes, editId);
  await assertTiling(client, edit.community);
  await refileOpenIncidents(client, edit.community);
  return { target: edit.community, created: [], changed: [...(edit.boundary ? [edit.community] : []), ...codes], retired: [] };
}
