/**
 * What a click on the map means, by tool: pick a grid (split: then draw its line), toggle grids (merge),
 * pick a site, place a site; with no tool, pick a community to load. Redraw and the split line are
 * Terra Draw's clicks, so they are left alone here.
 */
import type { MapMouseEvent } from 'maplibre-gl';
import { areaAt } from '../kit/map/areas.ts';
import type { Editor } from './state.ts';

export function handleClicks(editor: Editor, load: (area: string) => void) {
  const { map, state } = editor;
  map.on('click', (event: MapMouseEvent) => {
    const hit = (layer: string) => map.queryRenderedFeatures(event.point, { layers: [layer] })[0]?.properties.code as string | undefined;
    const grid = hit('edit-grids-fill');
    const site = hit('edit-sites');
    const at = { lon: event.lngLat.lng, lat: event.lngLat.lat };
    if (state.asOf && state.tool) return;
    switch (state.tool) {
      case 'split':
        if (state.selectedGrids.length || !grid) return;
        state.selectedGrids = [grid];
        editor.drawing.drawLine((coordinates) => {
          state.line = coordinates;
          editor.changed();
        });
        break;
      case 'merge':
        if (!grid) return;
        state.selectedGrids = state.selectedGrids.includes(grid) ? state.selectedGrids.filter((code) => code !== grid) : [...state.selectedGrids, grid];
        break;
      case 'site_add':
        state.point = at;
        break;
      case 'site_move':
        if (!state.selectedSite) state.selectedSite = site ?? null;
        else state.point = at;
        break;
      case 'site_retire':
        if (site) state.selectedSite = site;
        break;
      case 'redraw':
        return;
      default: {
        if (grid) state.selectedGrids = [grid];
        else {
          const community = areaAt(map, event.point);
          const code = community?.properties.code as string | undefined;
          if (code && code.length === 12 && code !== state.area) return load(code);
        }
      }
    }
    editor.changed();
  });
}
