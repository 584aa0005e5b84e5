/**
 * Which area level is under the pointer: the finest boundary layer drawn at this zoom. Hover sets
 * MapLibre feature-state (ids are the area codes, `promoteId: 'code'` in the style).
 */
import type maplibregl from 'maplibre-gl';
import type { MapGeoJSONFeature } from 'maplibre-gl';
import { areaLevel, type AreaLevel } from '../../../core/areas/codes.ts';

const pickOrder = [
  { layer: 'grid-cells-fill', source: 'grid_cells' },
  { layer: 'communities-fill', source: 'communities' },
  { layer: 'streets-fill', source: 'streets' },
  { layer: 'districts-fill', source: 'districts' },
];

/** The style's vector source (and source layer) of each area level. */
const sourceOf: Record<AreaLevel, string> = { district: 'districts', street: 'streets', community: 'communities', grid: 'grid_cells' };

/**
 * The finest area feature at a screen point, or undefined over nothing.
 *
 * @example
 * const code = areaAt(map, event.point)?.properties.code;
 */
export function areaAt(map: maplibregl.Map, point: maplibregl.PointLike): MapGeoJSONFeature | undefined {
  const layers = pickOrder.map((p) => p.layer).filter((id) => map.getLayer(id));
  const features = map.queryRenderedFeatures(point, { layers });
  for (const { layer } of pickOrder) {
    const hit = features.find((f) => f.layer.id === layer);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Highlights the hovered area and shows a pointer cursor.
 *
 * @example
 * enableHover(map);
 */
export function enableHover(map: maplibregl.Map) {
  let current: { source: string; id: string } | undefined;
  const clear = () => {
    if (current) map.setFeatureState({ source: current.source, sourceLayer: current.source, id: current.id }, { hover: false });
    current = undefined;
  };
  map.on('mousemove', (event) => {
    const feature = areaAt(map, event.point);
    const id = feature?.properties.code as string | undefined;
    if (current && feature && current.id === id) return;
    clear();
    if (feature && id) {
      current = { source: feature.source, id };
      map.setFeatureState({ source: feature.source, sourceLayer: feature.source, id }, { hover: true });
    }
    map.getCanvas().style.cursor = feature ? 'pointer' : '';
  });
  map.on('mouseout', clear);
}

/**
 * Outlines the selected area (any level) with the style's `selected-line` layer; null clears it.
 *
 * @example
 * showSelected(map, '210103');
 */
export function showSelected(map: maplibregl.Map, code: string | null) {
  const layer = map.getLayer('selected-line');
  if (!layer) return;
  const level = code ? areaLevel(code) : undefined;
  const source = level ? sourceOf[level] : undefined;
  if (source && (layer as unknown as { source: string }).source !== source) {
    const spec = { ...map.getStyle().layers.find((l) => l.id === 'selected-line')! } as maplibregl.LineLayerSpecification;
    map.removeLayer('selected-line');
    map.addLayer({ ...spec, source, 'source-layer': source });
  }
  map.setFilter('selected-line', ['==', ['get', 'code'], code ?? '']);
}
