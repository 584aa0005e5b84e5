import { readFile } from 'node:fs/promises';
import initSqlJs, { type Database, type SqlValue } from 'sql.js';
import { ImportError } from '../errors.ts';
import type { SourceReader, SourceRecord } from './types.ts';
import { decodeGpkgGeometry } from './gpkg-binary.ts';
import { epsgDefinition } from './crs.ts';
import { normalizeValue, type ReaderOptions } from './options.ts';

let sqlite: ReturnType<typeof initSqlJs> | undefined;
/** sql.js (SQLite compiled to WebAssembly): no native build, same on every machine. */
export const loadSqlite = () => (sqlite ??= initSqlJs());

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const rows = (db: Database, sql: string, params: SqlValue[] = []) => {
  const [result] = db.exec(sql, params);
  return (result?.values ?? []).map((values) => Object.fromEntries(result!.columns.map((c, i) => [c, values[i]])));
};

/** The CRS of a GeoPackage srs id: `EPSG:n` when the code is one we know, else its WKT definition. */
function declaredCrs(db: Database, srsId: number): string | undefined {
  const [srs] = rows(db, 'SELECT organization, organization_coordsys_id AS code, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId]);
  if (!srs) return undefined;
  const code = Number(srs.code);
  if (String(srs.organization).toUpperCase() === 'EPSG' && epsgDefinition(code)) return `EPSG:${code}`;
  const definition = String(srs.definition ?? '').trim();
  return definition && definition.toLowerCase() !== 'undefined' ? definition : undefined;
}

/**
 * Reads the features of a GeoPackage (`.gpkg`): the only feature table, or the one named like the
 * entity. Columns other than the geometry and the integer primary key are the properties; the srs of
 * the geometry column is the declared CRS. Features are numbered by row (features[0] is the first).
 *
 * @example
 * const reader = await openGeoPackage('city.gpkg', { entity: 'communities' });
 */
export async function openGeoPackage(file: string, options: ReaderOptions = {}): Promise<SourceReader> {
  let db: Database;
  try {
    db = new (await loadSqlite()).Database(await readFile(file));
    rows(db, 'SELECT count(*) FROM sqlite_master');
  } catch (error) {
    throw new ImportError({ file, reason: `not a readable GeoPackage: ${(error as Error).message}`, cause: error });
  }
  let tables: string[];
  try {
    tables = rows(db, "SELECT table_name AS t FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name").map((r) => String(r.t));
  } catch {
    db.close();
    throw new ImportError({ file, reason: 'not a GeoPackage (no gpkg_contents table)' });
  }
  const table = tables.length === 1 ? tables[0] : tables.find((t) => t.toLowerCase() === options.entity?.toLowerCase());
  if (!table) {
    db.close();
    throw new ImportError({
      file,
      reason: tables.length ? `several feature tables (${tables.join(', ')}) and none is named ${options.entity}` : 'no feature table in the GeoPackage',
    });
  }
  const [geometryColumn] = rows(db, 'SELECT column_name AS name, srs_id AS srs FROM gpkg_geometry_columns WHERE table_name = ?', [table]);
  const geometryName = String(geometryColumn?.name ?? '');
  const info = rows(db, `PRAGMA table_info(${quote(table)})`);
  const names = info.filter((c) => c.name !== geometryName && !(Number(c.pk) === 1 && String(c.type).toUpperCase() === 'INTEGER')).map((c) => String(c.name));
  const [{ n: total } = { n: 0 }] = rows(db, `SELECT count(*) AS n FROM ${quote(table)}`);
  const kinds = new Map(options.columns?.map((c) => [c.name, c.kind]));
  const crs = geometryColumn ? declaredCrs(db, Number(geometryColumn.srs)) : undefined;

  async function* records(): AsyncGenerator<SourceRecord> {
    const columns = [...names, ...(geometryName ? [geometryName] : [])].map(quote).join(', ');
    const statement = db.prepare(`SELECT ${columns} FROM ${quote(table!)} ORDER BY rowid`);
    try {
      for (let featureIndex = 0; statement.step(); featureIndex++) {
        const values = statement.get();
        const properties: Record<string, unknown> = {};
        names.forEach((name, i) => (properties[name] = normalizeValue(values[i], kinds.get(name))));
        let geometry: unknown = null;
        const blob = geometryName ? values[names.length] : null;
        if (blob instanceof Uint8Array) {
          try {
            geometry = decodeGpkgGeometry(blob);
          } catch (error) {
            throw new ImportError({ file, featureIndex, field: geometryName, reason: (error as Error).message, cause: error });
          }
        }
        yield { position: { featureIndex }, properties, geometry };
      }
    } finally {
      statement.free();
      db.close();
    }
  }

  return { tabular: false, header: { names, position: {} }, total: Number(total), records: records(), crs };
}
