import { sql, type SQL } from 'drizzle-orm';
import { hotQuery, type Database } from '../client.ts';
import type { SearchHit } from '../../core/contracts/field.ts';
import { nameGrams } from './search-index.ts';

const cjk = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;

/** LIKE pattern text with its wildcards escaped (default escape character: backslash). */
const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * `column` starts with the ASCII `prefix`, as a range the text_pattern_ops btree answers even in a
 * generic plan (a `LIKE $1` prefix is only indexable when the planner sees the value).
 */
const startsWith = (column: SQL, prefix: string) => {
  const next = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return sql`${column} ~>=~ ${prefix} AND ${column} ~<~ ${next}`;
};

/**
 * The matching branches for a normalized query (lower case, NFKC). Each branch is an indexed lookup
 * on search_index `x` and yields a score (lower is better) and a label:
 * - Chinese (any CJK character): the name contains the query — GIN on name_grams (all of the query's
 *   bigrams, or the 1-character query itself) and a LIKE recheck; exact 0, prefix 1, substring 3;
 * - digits: code prefix — btree text_pattern_ops; exact 0, prefix 2;
 * - latin letters: pinyin exact 1 / prefix 2 (btree), initials exact 1 / prefix 3 (btree), pinyin
 *   substring 4 (GIN trigram, 3+ letters); codes with letters (site codes) by prefix as well.
 */
function branches(q: string): SQL[] {
  const out: SQL[] = [];
  if (cjk.test(q)) {
    const text = q.replace(/\s+/g, '');
    const chars = Array.from(text);
    const grams = chars.length <= 2 ? [text] : nameGrams(text).filter((g) => Array.from(g).length === 2);
    const gramArray = sql`ARRAY[${sql.join(
      grams.map((g) => sql`${g}`),
      sql`, `,
    )}]::text[]`;
    const pattern = likeEscape(text);
    out.push(sql`SELECT x.*, CASE WHEN lower(x.name) = ${text} THEN 0 WHEN lower(x.name) LIKE ${pattern + '%'} THEN 1 ELSE 3 END AS score,
      CASE WHEN lower(x.name) = ${text} THEN 'name' WHEN lower(x.name) LIKE ${pattern + '%'} THEN 'name-prefix' ELSE 'name-substring' END AS match
      FROM search_index x WHERE x.name_grams @> ${gramArray} AND lower(x.name) LIKE ${'%' + pattern + '%'}`);
    return out;
  }
  const compact = q.replace(/[\s']+/g, '');
  if (/^\d+$/.test(compact)) {
    out.push(sql`SELECT x.*, CASE WHEN x.code = ${compact} THEN 0 ELSE 2 END AS score,
      CASE WHEN x.code = ${compact} THEN 'code' ELSE 'code-prefix' END AS match
      FROM search_index x WHERE ${startsWith(sql`x.code`, compact)}`);
    return out;
  }
  if (/^[a-z0-9_-]+$/.test(compact) && /\d/.test(compact)) {
    out.push(sql`SELECT x.*, CASE WHEN x.code = ${compact.toUpperCase()} THEN 0 ELSE 2 END AS score,
      CASE WHEN x.code = ${compact.toUpperCase()} THEN 'code' ELSE 'code-prefix' END AS match
      FROM search_index x WHERE ${startsWith(sql`x.code`, compact.toUpperCase())}`);
  }
  if (/^[a-z]+$/.test(compact)) {
    out.push(sql`SELECT x.*, CASE WHEN x.pinyin_full = ${compact} THEN 1 ELSE 2 END AS score,
      CASE WHEN x.pinyin_full = ${compact} THEN 'pinyin' ELSE 'pinyin-prefix' END AS match
      FROM search_index x WHERE ${startsWith(sql`x.pinyin_full`, compact)}`);
    out.push(sql`SELECT x.*, CASE WHEN x.pinyin_initials = ${compact} THEN 1 ELSE 3 END AS score,
      CASE WHEN x.pinyin_initials = ${compact} THEN 'initials' ELSE 'initials-prefix' END AS match
      FROM search_index x WHERE ${startsWith(sql`x.pinyin_initials`, compact)}`);
    if (compact.length >= 3) {
      out.push(sql`SELECT x.*, 4 AS score, 'pinyin-substring' AS match
        FROM search_index x WHERE x.pinyin_full LIKE ${'%' + compact + '%'}`);
    }
  }
  return out;
}

type Row = {
  kind: SearchHit['kind'];
  code: string;
  name: string;
  subkind: string | null;
  context: string;
  match: string;
  west: number;
  south: number;
  east: number;
  north: number;
};

/**
 * Places matching a search query, best first: by match score, then level (district, street,
 * community, grid, site), then shorter names, then code; each place once (its best match).
 *
 * @example
 * await searchPlaces(database, 'hp', 20) // [{ kind: 'district', code: '210102', name: '和平区', match: 'initials-prefix', … }]
 */
export async function searchPlaces(database: Pick<Database, 'prepared' | 'pool'>, q: string, limit: number): Promise<SearchHit[]> {
  const parts = branches(q);
  if (!parts.length) return [];
  // Each branch keeps its own best `limit` (a top-N sort), so a query matching thousands of watch
  // posts still sorts only a few rows per branch before the merge.
  // the limit as a literal: with it in the text, the prepared statement's generic plan knows it
  const top = sql.raw(String(Math.max(1, Math.min(100, Math.trunc(limit)))));
  const limited = parts.map((part) => sql`(SELECT * FROM (${part}) b ORDER BY score, rank, length(name), code LIMIT ${top})`);
  const result = await hotQuery<Row>(
    database,
    sql`
    SELECT kind, code, name, subkind, context, match, west, south, east, north FROM (
      SELECT DISTINCT ON (kind, code) * FROM (${sql.join(limited, sql` UNION ALL `)}) u ORDER BY kind, code, score
    ) best ORDER BY score, rank, length(name), code LIMIT ${top}`,
  );
  return result.rows.map(({ west, south, east, north, ...hit }) => ({ ...hit, bbox: [west, south, east, north] }));
}
