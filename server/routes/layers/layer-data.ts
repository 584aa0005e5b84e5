/**
 * Cached map-layer payloads (incident columns, coverage), keyed by the data versions they read, the
 * caller's area and the filters, so a repeated map load is served from memory.
 */
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Database } from '../../../db/client.ts';
import {
  incidentScopeFilter,
  readIncidentColumns,
  readIncidentDensity,
  incidentStatuses,
  MONTH_ZERO,
  type IncidentFilter,
} from '../../../db/tiles/incidents.ts';
import { readCoverage } from '../../../db/tiles/coverage.ts';
import type { Principal } from '../../../core/access/roles.ts';
import { encodeIncidentWire } from '../../../core/contracts/map-wire.ts';
import type { CoverageResponse, IncidentLayerQuery } from '../../../core/contracts/map.ts';
import { ByteLru } from '../tiles/byte-lru.ts';
import { VersionCache } from '../tiles/version-cache.ts';

const gzipAsync = promisify(gzip);

/** Grid codes extend area codes, so an area is a code prefix; a grid worker sees their community. */
export function scopePrefix(principal: Principal, requested?: string): string | null {
  const own = principal.role === 'commander' || principal.role === 'grid_worker' ? (principal.scopeCode ?? '') : '';
  if (principal.role === 'grid_worker' && !principal.scopeCode) return null;
  if (!requested) return own;
  if (requested.startsWith(own)) return requested;
  return own.startsWith(requested) ? own : null;
}

export interface Payload {
  body: Uint8Array;
  gzipped: Buffer;
  etag: string;
}

export class LayerData {
  readonly versions: VersionCache;
  private readonly cache = new ByteLru<Payload>(96 * 1024 * 1024, (p) => p.body.length + p.gzipped.length);

  constructor(private readonly database: Database) {
    this.versions = new VersionCache(database);
  }

  private async cached(key: string, make: () => Promise<Uint8Array>): Promise<Payload> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const body = await make();
    // 1 M incidents are 10 MB: compress in libuv's pool, not on the event loop
    const payload = { body, gzipped: await gzipAsync(body, { level: 6 }), etag: `W/"${Buffer.from(key).toString('base64url').slice(0, 120)}"` };
    this.cache.set(key, payload);
    return payload;
  }

  /** Individual incidents (signed-in), or per-cell-month counts for the public. */
  async incidents(principal: Principal, query: IncidentLayerQuery): Promise<Payload> {
    const version = (await this.versions.get(true)).incidents ?? 0;
    const weighted = principal.role === 'public';
    const scope = weighted ? {} : incidentScopeFilter(principal);
    const filter: IncidentFilter = { categories: query.category, statuses: query.status, from: query.from, to: query.to, ...scope };
    const key = JSON.stringify(['incidents', version, weighted, scope.scopeValues ?? [], scope.scopeSql ?? '', query]);
    return this.cached(key, async () => {
      const columns = weighted ? await readIncidentDensity(this.database, filter, 0.004) : await readIncidentColumns(this.database, filter);
      const positions = Buffer.from(columns.positionsBE).swap32();
      const header = {
        categories: columns.categories,
        categoryNames: columns.categoryNames,
        statuses: [...incidentStatuses],
        monthZero: `${MONTH_ZERO.year}-${String(MONTH_ZERO.month).padStart(2, '0')}`,
        weighted,
        version,
      };
      const weights = columns.weightsBE ? Buffer.from(columns.weightsBE).swap16() : undefined;
      return encodeIncidentWire(header, positions, columns.attributes, weights);
    });
  }

  async coverage(radius: number, prefix: string): Promise<Payload> {
    const known = await this.versions.get(true);
    const version = (known.grid_cells ?? 0) + (known.sites ?? 0) + (known.volunteers ?? 0);
    return this.cached(JSON.stringify(['coverage', version, radius, prefix]), async () => {
      const { grids, posts } = await readCoverage(this.database, radius, prefix);
      const per1000 = grids.population.map((population, i) => (population > 0 ? Math.round((grids.volunteers[i]! / population) * 1e5) / 100 : null));
      const body: CoverageResponse = { radius, version, grids: { ...grids, per1000 }, posts };
      return new TextEncoder().encode(JSON.stringify(body));
    });
  }
}

const instances = new WeakMap<Database, LayerData>();
export function layerDataFor(database: Database): LayerData {
  let instance = instances.get(database);
  if (!instance) instances.set(database, (instance = new LayerData(database)));
  return instance;
}
