import type { Database } from '../../../db/client.ts';
import { readDataVersions } from '../../../db/tiles/meta.ts';

/**
 * This process's view of `data_versions`, re-read at most once per `ttlMs` (and at once when a
 * client asks for a newer version than we know). Versions live in the database, so every server
 * process agrees; the short TTL only bounds how long an unversioned URL may show old data.
 *
 * @example
 * const versions = new VersionCache(database);
 * const { grid_cells } = await versions.get();
 */
export class VersionCache {
  private known: Record<string, number> = {};
  private readAt = -Infinity;
  private pending: Promise<Record<string, number>> | undefined;

  constructor(
    private readonly database: Database,
    private readonly ttlMs = 1000,
  ) {}

  /** The versions known now if they are within the TTL, without waiting (the cached-tile fast path). */
  peek(): Record<string, number> | undefined {
    return performance.now() - this.readAt < this.ttlMs ? this.known : undefined;
  }

  /** Current versions, re-read when older than the TTL or when `fresh` is set. */
  async get(fresh = false): Promise<Record<string, number>> {
    if (!fresh && performance.now() - this.readAt < this.ttlMs) return this.known;
    this.pending ??= readDataVersions(this.database)
      .then((versions) => {
        this.known = versions;
        this.readAt = performance.now();
        return versions;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}
