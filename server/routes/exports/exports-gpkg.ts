import { loadSqlite } from '../../../geodata/importers/readers/geopackage.ts';
import { encodeGpkgGeometry } from '../../../geodata/importers/readers/gpkg-binary.ts';
import type { Feature } from '../ogc/features.ts';

/** A column of an exported table; DATETIME holds ISO-8601 text, BOOLEAN 0/1, MEDIUMINT 32-bit integers. */
export interface ExportColumn {
  name: string;
  type: 'TEXT' | 'INTEGER' | 'MEDIUMINT' | 'REAL' | 'BOOLEAN' | 'DATETIME';
}

const wgs84 =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

// GeoPackage 1.3 core tables (OGC 12-128r18, tables 18, 21, 23)
const core = `
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
INSERT INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326, '${wgs84}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');`;

function cell(value: unknown, type: ExportColumn['type']): string | number | null {
  if (value === null || value === undefined) return null;
  if (type === 'BOOLEAN') return value ? 1 : 0;
  if (type === 'INTEGER' || type === 'MEDIUMINT' || type === 'REAL') return Number(value);
  return String(value);
}

/**
 * A GeoPackage 1.3 file with one feature table in WGS-84 (srs 4326), written with sql.js, that GDAL,
 * QGIS and ArcGIS open directly. Features arrive in pages (the export streams from the database).
 *
 * @example
 * const bytes = await writeGeoPackage('sites', 'POINT', [{ name: 'code', type: 'TEXT' }], pages);
 */
export async function writeGeoPackage(
  table: string,
  geometryType: 'POINT' | 'MULTIPOLYGON',
  columns: ExportColumn[],
  pages: AsyncIterable<Feature[]>,
  description = '',
): Promise<Uint8Array> {
  const db = new (await loadSqlite()).Database();
  try {
    db.exec(`PRAGMA application_id = 1196444487; PRAGMA user_version = 10300; ${core}`);
    db.exec(
      `CREATE TABLE ${quote(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom ${geometryType}${columns.map((c) => `, ${quote(c.name)} ${c.type}`).join('')})`,
    );
    db.run('INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, ?, ?, ?, 4326)', [
      table,
      'features',
      table,
      description,
    ]);
    db.run('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, 0, 0)', [table, 'geom', geometryType]);
    const insert = db.prepare(
      `INSERT INTO ${quote(table)} (geom${columns.map((c) => `, ${quote(c.name)}`).join('')}) VALUES (?${', ?'.repeat(columns.length)})`,
    );
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    const grow = (coordinates: unknown): void => {
      if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') {
        const [x, y] = coordinates as number[];
        box[0] = Math.min(box[0]!, x!);
        box[1] = Math.min(box[1]!, y!);
        box[2] = Math.max(box[2]!, x!);
        box[3] = Math.max(box[3]!, y!);
      } else if (Array.isArray(coordinates)) coordinates.forEach(grow);
    };
    db.exec('BEGIN');
    for await (const page of pages) {
      for (const feature of page) {
        const geometry =
          feature.geometry && geometryType === 'MULTIPOLYGON' && feature.geometry.type === 'Polygon'
            ? { type: 'MultiPolygon', coordinates: [feature.geometry.coordinates] }
            : feature.geometry;
        if (geometry) grow(geometry.coordinates);
        insert.run([geometry ? encodeGpkgGeometry(geometry, 4326) : null, ...columns.map((c) => cell(feature.properties[c.name], c.type))]);
      }
    }
    insert.free();
    db.exec('COMMIT');
    if (Number.isFinite(box[0])) db.run('UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?', box as number[]);
    return db.export();
  } finally {
    db.close();
  }
}
