import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { LonLat } from '../../core/contracts/field-coords.ts';
import type { NearbyIncident } from '../../core/contracts/field.ts';
import { asDate, openCondition } from './incidents.ts';
import { minMetresPerDegree } from './locate-sites.ts';

/**
 * Open incidents of one category within `radiusM` metres (spheroid) of a WGS-84 point, nearest first,
 * at most 10, wherever they lie: a worker passing by must see a case already reported next door even if
 * it is not in their area. `scope` (the caller's area condition for alias `i`) only decides what is
 * shown: outside it the description (free text that may name people) is withheld. The field app shows
 * them as possible duplicates before a report is sent. The bounding-box test uses the GiST index; the exact
 * geodesic test follows.
 *
 * @example
 * await nearbyOpenIncidents(db, { lon: 123.45, lat: 41.8 }, 'public_safety', 50, sql`true`)
 */
export async function nearbyOpenIncidents(db: Db, point: LonLat, category: string, radiusM: number, scope: SQL): Promise<NearbyIncident[]> {
  const pt = sql`ST_SetSRID(ST_MakePoint(${point.lon}, ${point.lat}), 4326)`;
  const radiusDeg = radiusM / minMetresPerDegree(point.lat, 0.01);
  const result = await db.execute<{
    id: number;
    code: string;
    category: string;
    status: string;
    description: string | null;
    reportedAt: Date | string;
    distanceM: number;
    lon: number;
    lat: number;
    inScope: boolean;
  }>(sql`
    SELECT i.id, i.code, i.category, i.status, CASE WHEN ${scope} THEN i.description END AS description,
      COALESCE(${scope}, false) AS "inScope", i.reported_at AS "reportedAt",
      ST_Distance(i.geom::geography, ${pt}::geography) AS "distanceM", ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
    FROM incidents i
    WHERE i.category = ${category} AND ${openCondition('i')}
      AND i.geom && ST_Expand(${pt}, ${radiusDeg})
      AND ST_DWithin(i.geom::geography, ${pt}::geography, ${radiusM})
    ORDER BY "distanceM", i.id LIMIT 10`);
  return result.rows.map((row) => ({
    id: row.id,
    code: row.code,
    category: row.category,
    status: row.status,
    description: row.description,
    reportedAt: asDate(row.reportedAt).toISOString(),
    distanceM: Math.round(row.distanceM * 10) / 10,
    location: { lon: row.lon, lat: row.lat },
    inScope: row.inScope,
  }));
}
