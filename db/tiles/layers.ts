/**
 * The vector-tile layers: which table, which attributes, which zooms. Both tile sources (PostGIS
 * `ST_AsMVT` and the embedded JS encoder) read these, so a tile carries the same features and
 * attributes whichever engine made it.
 */
import type { TileLayerId } from '../../core/tiles/layer-ids.ts';

export type FieldType = 'String' | 'Number';

export interface TileLayerDef {
  id: TileLayerId;
  table: string;
  /** polygons get a second MVT layer `<id>_label` with one point per feature for labels */
  geometry: 'polygon' | 'point';
  minzoom: number;
  maxzoom: number;
  /** polygon layers: first zoom whose tiles carry `<id>_label` points (the style labels from there) */
  labelMinzoom?: number;
  /** attribute name → SQL expression over the feature row aliased `t` */
  attributes: Record<string, string>;
  fields: Record<string, FieldType>;
  description: string;
  /** data_versions layers whose edits change this layer's tiles (the tile version is their sum) */
  dependsOn: string[];
}

// Household and population figures of an area are the sums over its grid cells. Grid codes extend
// the area code, so a BETWEEN on the grid primary key finds them with an index range scan.
const gridSum = (column: string, digits: number) =>
  `(SELECT coalesce(sum(g.${column}), 0) FROM grid_cells g
     WHERE g.code BETWEEN t.code || '${'0'.repeat(digits)}' AND t.code || '${'9'.repeat(digits)}')::int`;

const areaFigures = (digits: number) => ({ households: gridSum('households', digits), population: gridSum('population', digits) });

const areaFields = { code: 'String', name: 'String', households: 'Number', population: 'Number' } as const;

const definitions: TileLayerDef[] = [
  {
    id: 'districts',
    table: 'districts',
    geometry: 'polygon',
    minzoom: 0,
    maxzoom: 16,
    labelMinzoom: 0,
    attributes: { code: 't.code', name: 't.name', ...areaFigures(8) },
    fields: areaFields,
    description: '区·县(市) district boundaries',
    dependsOn: ['districts', 'grid_cells'],
  },
  {
    id: 'streets',
    table: 'streets',
    geometry: 'polygon',
    minzoom: 8,
    maxzoom: 16,
    labelMinzoom: 9,
    attributes: { code: 't.code', name: 't.name', kind: 't.kind', parent_code: 't.parent_code', ...areaFigures(5) },
    fields: { ...areaFields, kind: 'String', parent_code: 'String' },
    description: '街道·乡镇 streets and towns',
    dependsOn: ['streets', 'grid_cells'],
  },
  {
    id: 'communities',
    table: 'communities',
    geometry: 'polygon',
    minzoom: 10,
    maxzoom: 16,
    labelMinzoom: 12,
    attributes: { code: 't.code', name: 't.name', kind: 't.kind', parent_code: 't.parent_code', ...areaFigures(2) },
    fields: { ...areaFields, kind: 'String', parent_code: 'String' },
    description: '社区·村 communities and villages',
    dependsOn: ['communities', 'grid_cells'],
  },
  {
    id: 'grid_cells',
    table: 'grid_cells',
    geometry: 'polygon',
    minzoom: 12,
    maxzoom: 16,
    labelMinzoom: 14,
    attributes: {
      code: 't.code',
      name: 't.name',
      kind: 't.kind',
      dedicated_type: 't.dedicated_type',
      parent_code: 't.parent_code',
      households: 't.households',
      population: 't.population',
    },
    fields: { ...areaFields, kind: 'String', dedicated_type: 'String', parent_code: 'String' },
    description: '网格 grid cells',
    dependsOn: ['grid_cells'],
  },
  {
    id: 'compounds',
    table: 'compounds',
    geometry: 'point',
    minzoom: 14,
    maxzoom: 16,
    attributes: {
      code: 't.code',
      name: 't.name',
      community_code: 't.community_code',
      households: 't.households',
      population: 't.population',
    },
    fields: { ...areaFields, community_code: 'String' },
    description: '小区 residential compounds',
    dependsOn: ['compounds'],
  },
  {
    id: 'sites',
    table: 'sites',
    geometry: 'point',
    minzoom: 11,
    maxzoom: 16,
    attributes: { code: 't.code', kind: 't.kind', name: 't.name', community_code: 't.community_code' },
    fields: { code: 'String', kind: 'String', name: 'String', community_code: 'String' },
    description: '评理说事点, 守望岗 and other sites (kind as an attribute)',
    dependsOn: ['sites'],
  },
];

export const tileLayers: Record<TileLayerId, TileLayerDef> = Object.fromEntries(definitions.map((layer) => [layer.id, layer])) as Record<
  TileLayerId,
  TileLayerDef
>;

/** MVT extent and buffer (tile units), the same for both engines. */
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 256;
/**
 * Simplification tolerance in tile units. MapLibre draws a 4096-unit tile over 512 px, so 4 units is
 * half a pixel; at the layer's max zoom (over-zoomed to z19+) it stays at 1 unit.
 */
export const simplifyUnits = (layer: TileLayerDef, z: number) => (z >= layer.maxzoom ? 1 : 4);
