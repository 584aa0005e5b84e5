/**
 * The site-kind registry: read by the style, legend, locate and coverage; written by admins.
 */
import type pg from 'pg';
import { withTransaction, type Database } from '../client.ts';
import type { CreateSiteKind, SiteKindRecord, SiteKindRegistry, UpdateSiteKind } from '../../core/contracts/site-kinds.ts';

type Queryable = Pick<pg.Pool, 'query'>;

const select = `SELECT k.kind, k.name_zh AS "nameZh", k.name_en AS "nameEn", k.color, k.shape, k.locate_group AS "locateGroup",
  k.default_radius_m AS "defaultRadiusM", k.coverage, k.staffed, k.sort_order AS "sortOrder", k.retired,
  (SELECT count(*) FROM sites s WHERE s.kind = k.kind)::int AS sites
  FROM site_kinds k`;

/**
 * Every kind (sort order, then code) with its site count, and the registry's data version.
 *
 * @example
 * const { version, kinds } = await readSiteKinds(database.pool);
 */
export async function readSiteKinds(db: Queryable): Promise<SiteKindRegistry> {
  const [kinds, version] = await Promise.all([
    db.query<SiteKindRecord>(`${select} ORDER BY k.sort_order, k.kind`),
    db.query<{ version: string }>(`SELECT version FROM data_versions WHERE layer = 'site_kinds'`),
  ]);
  return { version: Number(version.rows[0]?.version ?? 0), kinds: kinds.rows };
}

const columns: Record<keyof UpdateSiteKind, string> = {
  nameZh: 'name_zh',
  nameEn: 'name_en',
  color: 'color',
  shape: 'shape',
  locateGroup: 'locate_group',
  defaultRadiusM: 'default_radius_m',
  coverage: 'coverage',
  staffed: 'staffed',
  sortOrder: 'sort_order',
  retired: 'retired',
};

/**
 * Adds a kind; null when the code is taken.
 *
 * @example
 * await createSiteKind(database, { kind: 'fire_station', nameZh: '消防站', nameEn: 'Fire station', color: '#d84315', … });
 */
export async function createSiteKind(database: Pick<Database, 'pool'>, kind: CreateSiteKind): Promise<SiteKindRecord | null> {
  return withTransaction(database, async (client) => {
    const keys = Object.keys(columns).filter((key) => key !== 'retired') as (keyof CreateSiteKind & keyof UpdateSiteKind)[];
    const { rowCount } = await client.query(
      `INSERT INTO site_kinds (kind, ${keys.map((key) => columns[key]).join(', ')})
       VALUES ($1, ${keys.map((_key, i) => `$${i + 2}`).join(', ')}) ON CONFLICT (kind) DO NOTHING`,
      [kind.kind, ...keys.map((key) => kind[key])],
    );
    if (!rowCount) return null;
    return (await client.query<SiteKindRecord>(`${select} WHERE k.kind = $1`, [kind.kind])).rows[0]!;
  });
}

/**
 * Changes a kind in one transaction (the row is locked, so two admins' edits apply one after the
 * other); null when it does not exist.
 *
 * @example
 * await updateSiteKind(database, 'watch_post', { color: '#0d47a1' });
 */
export async function updateSiteKind(
  database: Pick<Database, 'pool'>,
  code: string,
  patch: UpdateSiteKind,
): Promise<{ before: SiteKindRecord; after: SiteKindRecord } | null> {
  return withTransaction(database, async (client) => {
    const before = (await client.query<SiteKindRecord>(`${select} WHERE k.kind = $1 FOR UPDATE OF k`, [code])).rows[0];
    if (!before) return null;
    const keys = (Object.keys(patch) as (keyof UpdateSiteKind)[]).filter((key) => patch[key] !== undefined);
    await client.query(`UPDATE site_kinds SET ${keys.map((key, i) => `${columns[key]} = $${i + 2}`).join(', ')}, updated_at = now() WHERE kind = $1`, [
      code,
      ...keys.map((key) => patch[key]),
    ]);
    const after = (await client.query<SiteKindRecord>(`${select} WHERE k.kind = $1`, [code])).rows[0]!;
    return { before, after };
  });
}

/**
 * Deletes a kind no site uses; 'in_use' when sites still have it (retire it instead).
 *
 * @example
 * await deleteSiteKind(database, 'fire_station') // 'deleted' | 'in_use' | 'missing'
 */
export async function deleteSiteKind(database: Pick<Database, 'pool'>, code: string): Promise<'deleted' | 'in_use' | 'missing'> {
  return withTransaction(database, async (client) => {
    const found = await client.query(`SELECT 1 FROM site_kinds WHERE kind = $1 FOR UPDATE`, [code]);
    if (!found.rowCount) return 'missing';
    const used = await client.query(`SELECT 1 FROM sites WHERE kind = $1 LIMIT 1`, [code]);
    if (used.rowCount) return 'in_use';
    await client.query(`DELETE FROM site_kinds WHERE kind = $1`, [code]);
    return 'deleted';
  });
}
