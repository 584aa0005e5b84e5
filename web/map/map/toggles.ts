import type maplibregl from 'maplibre-gl';
import { styleLayerIds } from '../../../core/contracts/map-palette.ts';
import { state, type ToggleLayer } from '../app/state.ts';

/** Shows or hides the style layers of each boundary/site toggle. */
export function applyVisibility(map: maplibregl.Map) {
  for (const [toggle, ids] of Object.entries(styleLayerIds.toggles)) {
    const visible = state.visible[toggle as ToggleLayer];
    for (const id of ids) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }
}
