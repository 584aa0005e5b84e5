import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { everyone } from '../../../core/access/roles.ts';
import { searchQuerySchema, type SearchResult } from '../../../core/contracts/field.ts';
import { searchPlaces } from '../../../db/queries/search.ts';
import { ensureSearchIndex } from '../../../db/queries/search-index.ts';

/**
 * `/api/search?q=`: districts, streets, communities, grids and sites by Chinese substring, full pinyin,
 * pinyin initials or code prefix; at most 20, ranked, each with a bbox to zoom to. Public data only
 * (names, codes, outlines), so every role may search.
 */
export const searchRoutes = ({ database }: AppDeps) =>
  new Hono<AppEnv>().get('/search', access({ roles: everyone }), async (c) => {
    const query = searchQuerySchema.parse(c.req.query());
    await ensureSearchIndex(database);
    const body: SearchResult = { query: query.q, items: await searchPlaces(database, query.q, query.limit) };
    c.header('Cache-Control', 'no-cache');
    return c.json(body);
  });
