/**
 * SQL text of one tile, per engine. Both start from the same feature rows (`featureRows`): the
 * layer's rows whose geometry intersects the tile envelope grown by the buffer, found through the
 * GiST index with `&&` first. Parameters: $1 z, $2 x, $3 y and, for polygon layers, $4 the simplification tolerance (metres, `simplifyUnits`).
 */
import { TILE_BUFFER, TILE_EXTENT, tileLayers, type TileLayerDef } from './layers.ts';
import { type TileLayerId } from '../../core/tiles/layer-ids.ts';

export const MARGIN = TILE_BUFFER / TILE_EXTENT;
/** label points only need a small overlap: MapLibre de-duplicates labels across tiles */
export const LABEL_BUFFER = 64;

const attributeNames = (layer: TileLayerDef) =>
  Object.keys(layer.attributes)
    .map((name) => `r."${name}"`)
    .join(', ');
/** label points carry only what a label and a click need: the figures stay on the polygons */
export const LABEL_ATTRIBUTES = ['code', 'name'] as const;
const labelNames = LABEL_ATTRIBUTES.map((name) => `r."${name}"`).join(', ');

const versionSql = (layer: TileLayerDef) =>
  `(SELECT coalesce(sum(version), 0) FROM data_versions WHERE layer IN (${layer.dependsOn.map((l) => `'${l}'`).join(', ')}))::bigint`;

/** The tile envelope (3857), the buffered envelope (3857) and the index filter (4326). */
const boundsCte = `b AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS env,
         ST_TileEnvelope($1::int, $2::int, $3::int, margin => ${MARGIN}) AS menv,
         ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => ${MARGIN}), 4326) AS filter
)`;

function featureRows(layer: TileLayerDef): string {
  const attributes = Object.entries(layer.attributes).map(([name, expression]) => `${expression} AS "${name}"`);
  const label = layer.geometry === 'polygon' ? ', ST_Transform(ST_PointOnSurface(t.geom), 3857) AS label' : '';
  return `r AS (
  SELECT ${attributes.join(', ')}, ST_Transform(t.geom, 3857) AS g${label}
  FROM ${layer.table} t, b
  WHERE t.geom && b.filter AND ST_Intersects(t.geom, b.filter)
)`;
}

/** Polygons are clipped to the buffered tile before simplifying, so a huge district costs one tile's worth. */
const clippedShape = `ST_Simplify(ST_ClipByBox2D(r.g, b.menv), $4::float8, true)`;

/**
 * PostGIS: one statement, `ST_AsMVT` over `ST_AsMVTGeom`; returns one row `(version, tile bytea)`.
 * Rows whose geometry falls out (NULL from ST_AsMVTGeom) are skipped by ST_AsMVT itself: a
 * `WHERE geom IS NOT NULL` would be pushed into the join and compute every geometry twice.
 *
 * @example
 * const { rows } = await pool.query(postgisTileSql('districts'), [z, x, y, tolerance]);
 */
export function postgisTileSql(id: TileLayerId): string {
  const layer = tileLayers[id];
  const names = attributeNames(layer);
  const shape = layer.geometry === 'polygon' ? clippedShape : 'r.g';
  const parts = [
    `(SELECT coalesce(ST_AsMVT(m, '${id}', ${TILE_EXTENT}, 'geom'), ''::bytea) FROM (
       SELECT ${names}, ST_AsMVTGeom(${shape}, b.env, ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom FROM r, b
     ) m)`,
  ];
  if (layer.geometry === 'polygon') {
    parts.push(`(SELECT coalesce(ST_AsMVT(m, '${id}_label', ${TILE_EXTENT}, 'geom'), ''::bytea) FROM (
       SELECT ${labelNames}, ST_AsMVTGeom(r.label, b.env, ${TILE_EXTENT}, ${LABEL_BUFFER}, true) AS geom FROM r, b
     ) m WHERE $1::int >= ${layer.labelMinzoom ?? 0})`);
  }
  return `WITH ${boundsCte},
${featureRows(layer)}
SELECT ${versionSql(layer)} AS version, ${parts.join(' || ')} AS tile`;
}

/** Web-Mercator → tile units (y down), the transform ST_AsMVTGeom applies internally. */
const toTileUnits = (geometry: string) =>
  `ST_Affine(${geometry},
     ${TILE_EXTENT} / (ST_XMax(b.env) - ST_XMin(b.env)), 0, 0, -${TILE_EXTENT} / (ST_YMax(b.env) - ST_YMin(b.env)),
     -ST_XMin(b.env) * ${TILE_EXTENT} / (ST_XMax(b.env) - ST_XMin(b.env)), ST_YMax(b.env) * ${TILE_EXTENT} / (ST_YMax(b.env) - ST_YMin(b.env)))`;

/**
 * Embedded (no `ST_AsMVT`): the same rows, clipped, simplified, moved to integer tile units, made
 * valid and wound as MVT wants (exterior rings positive area in tile units, i.e. `ST_ForcePolygonCCW`
 * on y-down coordinates) all in SQL; returns `(version, shapes json, labels json)` for the JS encoder.
 *
 * @example
 * const { rows } = await pool.query(embeddedTileSql('grid_cells'), [z, x, y, tolerance]);
 */
export function embeddedTileSql(id: TileLayerId): string {
  const layer = tileLayers[id];
  const names = attributeNames(layer);
  const polygon = layer.geometry === 'polygon';
  const shape = polygon
    ? `ST_ForcePolygonCCW(ST_CollectionExtract(ST_MakeValid(ST_SnapToGrid(${toTileUnits(clippedShape)}, 1)), 3))`
    : `ST_SnapToGrid(${toTileUnits('r.g')}, 1)`;
  const inBuffer = (column: string, buffer: number) =>
    `ST_X(${column}) BETWEEN -${buffer} AND ${TILE_EXTENT + buffer} AND ST_Y(${column}) BETWEEN -${buffer} AND ${TILE_EXTENT + buffer}`;
  const shapeFilter = polygon ? 'NOT ST_IsEmpty(m.geom)' : inBuffer('m.geom', TILE_BUFFER);
  const parts = [
    `(SELECT json_agg(json_build_object('p', to_jsonb(m) - 'geom', 'g', ST_AsGeoJSON(m.geom, 0)::json)) FROM (
       SELECT ${names}, ${shape} AS geom FROM r, b
     ) m WHERE ${shapeFilter}) AS shapes`,
  ];
  if (polygon) {
    parts.push(`(SELECT json_agg(json_build_object('p', to_jsonb(m) - 'geom', 'g', ST_AsGeoJSON(m.geom, 0)::json)) FROM (
       SELECT ${labelNames}, ST_SnapToGrid(${toTileUnits('r.label')}, 1) AS geom FROM r, b
     ) m WHERE $1::int >= ${layer.labelMinzoom ?? 0} AND ${inBuffer('m.geom', LABEL_BUFFER)}) AS labels`);
  }
  return `WITH ${boundsCte},
${featureRows(layer)}
SELECT ${versionSql(layer)} AS version, ${parts.join(', ')}`;
}
