import { customType } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/** GeoJSON geometry as written by importers; reads go through ST_AsGeoJSON in queries. */
export interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

/**
 * A PostGIS geometry column with a fixed type and SRID. Drizzle's built-in `geometry()` ignores
 * both (stack-notes.md), so the DDL is spelled out here and values are written from GeoJSON.
 *
 * @example
 * const districts = pgTable('districts', { geom: geometry('geom', 'MultiPolygon') });
 */
export const geometry = (name: string, type: 'Point' | 'MultiPolygon', srid = 4326) =>
  customType<{ data: GeoJsonGeometry; driverData: string }>({
    dataType: () => `geometry(${type},${srid})`,
    toDriver: (value) => {
      const geom = sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(value)}),${srid})`;
      return (type === 'MultiPolygon' ? sql`ST_Multi(${geom})` : geom) as never;
    },
  })(name);
