import type maplibregl from 'maplibre-gl';
import { styleLayerIds } from '../../../core/contracts/map-palette.ts';
import { state, type ToggleLayer } from '../app/state.ts';

/** Shows or hides the style layers of each boundary/site toggle, and the site kinds switched off. */
export function applyVisibility(map: maplibregl.Map) {
  for (const [toggle, ids] of Object.entries(styleLayerIds.toggles)) {
    const visible = state.visible[toggle as ToggleLayer];
    for (const id of ids) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }
  // per-kind site toggles: a filter on the site layers (null when every kind is on)
  const filter = state.hiddenSiteKinds.length ? (['!', ['in', ['get', 'kind'], ['literal', state.hiddenSiteKinds]]] as maplibregl.FilterSpecification) : null;
  for (const id of styleLayerIds.toggles.sites) if (map.getLayer(id)) map.setFilter(id, filter);
}
