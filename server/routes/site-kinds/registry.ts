/**
 * This process's copy of the site-kind registry, re-read at most once a second: locate is a hot path
 * and must not pay a query for a tiny table that changes a few times a year, yet a kind added by SQL
 * (another process, psql) shows within a second. An admin edit through this process shows at once.
 */
import type { Database } from '../../../db/client.ts';
import { readSiteKinds } from '../../../db/queries/site-kinds.ts';
import type { SiteKindRecord, SiteKindRegistry } from '../../../core/contracts/site-kinds.ts';

const ttlMs = 1000;
type Entry = { at: number; value?: SiteKindRegistry; pending?: Promise<SiteKindRegistry> };
const cache = new WeakMap<Pick<Database, 'pool'>, Entry>();

/**
 * The registry, from the cache when it is younger than a second (`fresh` re-reads it).
 *
 * @example
 * const { kinds } = await siteKindRegistry(database);
 */
export async function siteKindRegistry(database: Pick<Database, 'pool'>, fresh = false): Promise<SiteKindRegistry> {
  let entry = cache.get(database);
  if (!entry) cache.set(database, (entry = { at: -Infinity }));
  if (!fresh && entry.value && performance.now() - entry.at < ttlMs) return entry.value;
  const current = entry;
  current.pending ??= readSiteKinds(database.pool)
    .then((value) => Object.assign(current, { value, at: performance.now() }).value!)
    .finally(() => {
      current.pending = undefined;
    });
  return current.pending;
}

/** Forgets the cached registry (after an admin edit), so the next read sees it. */
export function forgetSiteKinds(database: Pick<Database, 'pool'>): void {
  cache.delete(database);
}

/**
 * The kinds of a /api/locate group, in registry order.
 *
 * @example
 * kindsOfGroup(kinds, 'watch') // ['watch_post']
 */
export function kindsOfGroup(kinds: SiteKindRecord[], group: SiteKindRecord['locateGroup']): string[] {
  return kinds.filter((kind) => kind.locateGroup === group).map((kind) => kind.kind);
}
