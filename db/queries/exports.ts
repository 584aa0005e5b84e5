import type { SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { ListIncidentsQuery } from '../../core/contracts/incidents.ts';
import type { IncidentRow } from './incidents.ts';
import { decodeCursor, listIncidents } from './incidents-read.ts';
import { layerFeatures, type FeatureQuery, type LayerFeatureRow, type LayerId } from './ogc.ts';

const pageSize = 5_000;

/**
 * A whole layer (or its filtered part) in pages ordered by code, so an export streams instead of
 * holding the table in memory.
 *
 * @example
 * for await (const rows of layerPages(db, 'grid_cells', { equals: { kind: ['dedicated'] } })) write(rows);
 */
export async function* layerPages(db: Db, layer: LayerId, query: Omit<FeatureQuery, 'limit' | 'after'>): AsyncGenerator<LayerFeatureRow[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await layerFeatures(db, layer, { ...query, after, limit: pageSize });
    const page = rows.slice(0, pageSize);
    if (page.length) yield page;
    if (rows.length <= pageSize) return;
    after = page.at(-1)!.id;
  }
}

/**
 * The incidents the incident list would show for the same filters (area, category, status, time,
 * overdue) inside `scope`, newest first, in pages (the list's own keyset cursor).
 *
 * @example
 * for await (const rows of incidentPages(db, scope, { status: 'closed' })) write(rows);
 */
export async function* incidentPages(db: Db, scope: SQL, query: Omit<ListIncidentsQuery, 'cursor' | 'limit'>): AsyncGenerator<IncidentRow[]> {
  let cursor: { at: string; id: number } | undefined;
  for (;;) {
    const page = await listIncidents(db, scope, { ...query, limit: pageSize, cursor });
    if (page.rows.length) yield page.rows;
    if (!page.nextCursor) return;
    cursor = decodeCursor(page.nextCursor);
  }
}
