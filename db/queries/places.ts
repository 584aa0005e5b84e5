import type { Queryable } from './imports.ts';

/** A gazetteer row as the importer hands it over; `geometry` is GeoJSON in WGS-84. */
export interface PlaceInput {
  code: string;
  name: string;
  kind: string;
  synthetic: boolean;
  source: string;
  geometry: unknown;
}

const rowsSql = `SELECT r.i, r.code, r.name, r.kind, r.synthetic, r.source, ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4326) AS geom
  FROM jsonb_to_recordset($1::jsonb) AS r(i int, code text, name text, kind text, synthetic boolean, source text, geometry jsonb)`;

/**
 * Indexes (into `rows`) of the places farther than `toleranceM` from every district: a gazetteer row
 * outside the city is a wrong coordinate system or a typo, not a place to search for.
 *
 * @example
 * await placesOutsideCity(client, rows, 200) // [{ index: 3, distanceM: 51234 }]
 */
export async function placesOutsideCity(client: Queryable, rows: PlaceInput[], toleranceM: number): Promise<{ index: number; distanceM: number | null }[]> {
  const result = await client.query<{ i: number; d: number | null }>(
    `WITH r AS (${rowsSql})
     SELECT r.i, (SELECT min(ST_Distance(d.geom::geography, r.geom::geography)) FROM districts d) AS d
     FROM r WHERE NOT EXISTS (SELECT 1 FROM districts d WHERE ST_DWithin(d.geom::geography, r.geom::geography, $2)) ORDER BY r.i`,
    [JSON.stringify(rows.map((row, i) => ({ ...row, i }))), toleranceM],
  );
  return result.rows.map((row) => ({ index: row.i, distanceM: row.d === null ? null : Number(row.d) }));
}

/**
 * Writes places inside the caller's transaction: new codes are inserted, existing codes updated (a
 * gazetteer is re-imported as it is corrected). The district of each place is the one containing a
 * point on it (its middle for a line). Returns the number of rows written.
 *
 * @example
 * await upsertPlaces(client, [{ code: 'P1', name: '中街', kind: 'street', synthetic: false, source: '…', geometry }])
 */
export async function upsertPlaces(client: Queryable, rows: PlaceInput[]): Promise<number> {
  if (!rows.length) return 0;
  const result = await client.query(
    `WITH r AS (${rowsSql}),
     p AS (SELECT r.*, CASE WHEN GeometryType(r.geom) = 'POINT' THEN r.geom
                            WHEN GeometryType(r.geom) = 'LINESTRING' THEN ST_LineInterpolatePoint(r.geom, 0.5)
                            ELSE ST_PointOnSurface(r.geom) END AS mid FROM r)
     INSERT INTO places (code, name, kind, district_code, synthetic, source, geom)
     SELECT p.code, p.name, p.kind, (SELECT d.code FROM districts d WHERE ST_Intersects(d.geom, p.mid) ORDER BY d.code LIMIT 1), p.synthetic, p.source, p.geom FROM p
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, district_code = EXCLUDED.district_code,
       synthetic = EXCLUDED.synthetic, source = EXCLUDED.source, geom = EXCLUDED.geom`,
    [JSON.stringify(rows.map((row, i) => ({ ...row, i })))],
  );
  return result.rowCount ?? 0;
}

/**
 * Deletes the places of one source (the demo replaces its own synthetic streets, never a city's rows).
 *
 * @example
 * await deletePlacesOfSource(client, 'synthetic (Pingan Grid demo generator)')
 */
export async function deletePlacesOfSource(client: Queryable, source: string): Promise<number> {
  return (await client.query('DELETE FROM places WHERE source = $1', [source])).rowCount ?? 0;
}

/** One place with its GeoJSON geometry, for the map's highlight; undefined when the code is unknown. */
export async function placeByCode(
  client: Queryable,
  code: string,
): Promise<{ code: string; name: string; kind: string; districtCode: string | null; synthetic: boolean; source: string; geometry: unknown } | undefined> {
  const result = await client.query<{
    code: string;
    name: string;
    kind: string;
    district_code: string | null;
    synthetic: boolean;
    source: string;
    geometry: string;
  }>('SELECT code, name, kind, district_code, synthetic, source, ST_AsGeoJSON(geom, 7) AS geometry FROM places WHERE code = $1', [code]);
  const row = result.rows[0];
  return (
    row && {
      code: row.code,
      name: row.name,
      kind: row.kind,
      districtCode: row.district_code,
      synthetic: row.synthetic,
      source: row.source,
      geometry: JSON.parse(row.geometry),
    }
  );
}
