import { pinyin } from 'pinyin-pro';
import { withTransaction, type Database } from '../client.ts';
import type { Queryable } from './imports.ts';

/** The tables the search index is built from; their data_versions decide when it is stale. */
export const searchSourceLayers = ['districts', 'streets', 'communities', 'grid_cells', 'sites', 'compounds', 'places'] as const;
const layerList = searchSourceLayers.map((layer) => `'${layer}'`).join(', ');
const currentVersions = `(SELECT jsonb_object_agg(layer, version) FROM data_versions WHERE layer IN (${layerList}))`;
const staleSql = `SELECT (SELECT versions FROM search_index_state WHERE id = 1) IS DISTINCT FROM ${currentVersions} AS stale`;
/** Separates array items travelling as one text parameter (never in a name: a control character). */
const unitSeparator = '\u001f';

/**
 * Toneless pinyin and initials of a name, lower case, without separators; characters that are not
 * Chinese (digits, latin letters) are kept as they are.
 *
 * @example
 * pinyinOf('沈河区') // { full: 'shenhequ', initials: 'shq' }
 */
export function pinyinOf(name: string): { full: string; initials: string } {
  const clean = name.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const full = pinyin(clean, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
  const initials = pinyin(clean, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' });
  const join = (parts: string[]) => parts.join('').replace(/[^a-z0-9]/g, '');
  return { full: join(full), initials: join(initials) };
}

/**
 * Every 1- and 2-character slice of a name (lower case, no spaces): the GIN-indexed terms that make
 * any Chinese substring query an index lookup (a substring of ≥ 2 characters contains its bigrams).
 *
 * @example
 * nameGrams('沈河区') // ['沈', '河', '区', '沈河', '河区']
 */
export function nameGrams(name: string): string[] {
  const chars = Array.from(name.normalize('NFKC').toLowerCase().replace(/\s+/g, ''));
  const grams = new Set(chars);
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

const bbox = (g: string) => `ST_XMin(${g}), ST_YMin(${g}), ST_XMax(${g}), ST_YMax(${g})`;
const names = `(SELECT name FROM districts WHERE code = left(x.code, 6)),
  (SELECT name FROM streets WHERE code = left(x.code, 9)), (SELECT name FROM communities WHERE code = left(x.code, 12))`;

/**
 * Fills search_index from the area, site, compound and gazetteer (places) tables; pinyin columns are
 * filled afterwards in JS. Compound codes start with their community's code, so their enclosing names
 * come from code prefixes as for grids.
 */
const fillSql = `
INSERT INTO search_index (kind, code, name, subkind, context, pinyin_full, pinyin_initials, name_grams, rank, west, south, east, north)
SELECT 'district', x.code, x.name, NULL, '', '', '', '{}'::text[], 1, ${bbox('x.geom')} FROM districts x
UNION ALL SELECT 'street', x.code, x.name, x.kind, concat_ws(' · ', (SELECT name FROM districts WHERE code = x.parent_code)),
  '', '', '{}'::text[], 2, ${bbox('x.geom')} FROM streets x
UNION ALL SELECT 'community', x.code, x.name, x.kind,
  concat_ws(' · ', (SELECT name FROM districts WHERE code = left(x.code, 6)), (SELECT name FROM streets WHERE code = x.parent_code)),
  '', '', '{}'::text[], 3, ${bbox('x.geom')} FROM communities x
UNION ALL SELECT 'grid', x.code, x.name, x.kind, concat_ws(' · ', ${names}), '', '', '{}'::text[], 4, ${bbox('x.geom')} FROM grid_cells x
UNION ALL SELECT 'site', s.code, s.name, s.kind,
  concat_ws(' · ', k.name_zh, (SELECT name FROM districts WHERE code = s.district_code),
    (SELECT name FROM streets WHERE code = s.street_code), (SELECT name FROM communities WHERE code = s.community_code)),
  '', '', '{}'::text[], 5, ${bbox('s.geom')} FROM sites s JOIN site_kinds k ON k.kind = s.kind
UNION ALL SELECT 'compound', x.code, x.name, NULL, concat_ws(' · ', ${names}), '', '', '{}'::text[], 5, ${bbox('x.geom')} FROM compounds x
UNION ALL SELECT 'place', x.code, x.name, x.kind, concat_ws(' · ', (SELECT name FROM districts WHERE code = x.district_code)),
  '', '', '{}'::text[], 3, ${bbox('x.geom')} FROM places x`;

/**
 * Rebuilds the search index inside the caller's transaction (`client` must be in one: an import calls
 * this before its COMMIT so searches never see a half-built index). An advisory lock serializes
 * concurrent rebuilds across server processes; with `onlyIfStale` a rebuild that another process just
 * finished is skipped. Returns the number of rows, or undefined when skipped.
 *
 * @example
 * await client.query('BEGIN'); …imports…; await refreshSearchIndexWith(client); await client.query('COMMIT');
 */
export async function refreshSearchIndexWith(client: Queryable, options: { onlyIfStale?: boolean } = {}): Promise<number | undefined> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('pingan.search_index'))`);
  if (options.onlyIfStale && !(await client.query<{ stale: boolean }>(staleSql)).rows[0]!.stale) return undefined;
  // Versions first: a write committed while we read the tables makes the index look stale, never fresh.
  const versions = (await client.query<{ v: unknown }>(`SELECT ${currentVersions} AS v`)).rows[0]!.v ?? {};
  await client.query('DELETE FROM search_index');
  const filled = await client.query(fillSql);
  const distinct = await client.query<{ name: string }>('SELECT DISTINCT name FROM search_index');
  const list = distinct.rows.map((row) => row.name);
  const spelled = list.map(pinyinOf);
  await client.query(
    `UPDATE search_index s SET pinyin_full = v.spelled, pinyin_initials = v.initials, name_grams = string_to_array(v.grams, $5)
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(name, spelled, initials, grams) WHERE s.name = v.name`,
    [list, spelled.map((p) => p.full), spelled.map((p) => p.initials), list.map((n) => nameGrams(n).join(unitSeparator)), unitSeparator],
  );
  // fresh statistics, so a rare bigram is looked up in the GIN index and a common one scanned
  await client.query('ANALYZE search_index');
  await client.query(
    `INSERT INTO search_index_state (id, versions, rows, built_at) VALUES (1, $1::jsonb, $2, now())
     ON CONFLICT (id) DO UPDATE SET versions = EXCLUDED.versions, rows = EXCLUDED.rows, built_at = EXCLUDED.built_at`,
    [JSON.stringify(versions), filled.rowCount ?? 0],
  );
  return filled.rowCount ?? 0;
}

/**
 * Rebuilds the search index in its own transaction. Call after loading or importing areas or sites
 * (searches also rebuild it on demand when data_versions moved, see `ensureSearchIndex`).
 *
 * @example
 * await refreshSearchIndex(database) // → 1234 rows
 */
export async function refreshSearchIndex(database: Pick<Database, 'pool'>, options: { onlyIfStale?: boolean } = {}): Promise<number | undefined> {
  return withTransaction(database, (client) => refreshSearchIndexWith(client, options));
}

const lastCheck = new WeakMap<object, { at: number; pending?: Promise<void> }>();

/**
 * Makes sure the search index matches the source tables, checking data_versions at most once per
 * `maxAgeMs` per process (one small query) and rebuilding when they moved. Concurrent callers share
 * one check.
 *
 * @example
 * await ensureSearchIndex(database); // then query search_index
 */
export async function ensureSearchIndex(database: Pick<Database, 'pool'>, maxAgeMs = 2000): Promise<void> {
  const state = lastCheck.get(database) ?? { at: -Infinity };
  lastCheck.set(database, state);
  if (state.pending) return state.pending;
  if (performance.now() - state.at < maxAgeMs) return;
  state.pending = (async () => {
    const { rows } = await database.pool.query<{ stale: boolean }>(staleSql);
    if (rows[0]!.stale) await refreshSearchIndex(database, { onlyIfStale: true });
    state.at = performance.now();
  })().finally(() => {
    state.pending = undefined;
  });
  return state.pending;
}
