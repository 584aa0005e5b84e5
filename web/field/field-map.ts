/**
 * The field page's small map: the server's offline style through the kit's `createMap`, the
 * caller's position (GPS or pin), the nearest sites, and "tap to pick" as the fallback when the
 * phone gives no position.
 */
import maplibregl, { type StyleSpecification } from 'maplibre-gl';
import { createMap, loadStyle } from '../kit/map/create-map.ts';
import type { LonLat } from '../../core/contracts/field-coords.ts';
import type { LocateResult } from '../../core/contracts/field.ts';

export interface FieldMap {
  map: maplibregl.Map;
  showPosition(position: LonLat): void;
  showSites(result: LocateResult): void;
  fitBbox(bbox: [number, number, number, number]): void;
  /** marks an inbox case on the map and centres on it */
  showCase(position: LonLat): void;
  /** the next tap on the map calls `onPick` (once) */
  pickOnce(onPick: (position: LonLat) => void): void;
}

const dot = (className: string, title: string) => {
  const node = document.createElement('div');
  node.className = `fm-dot ${className}`;
  node.title = title;
  return node;
};

/** Opens the map, or resolves undefined when the style cannot be loaded (offline before first visit). */
export async function openFieldMap(container: HTMLElement): Promise<FieldMap | undefined> {
  let style: StyleSpecification;
  try {
    style = await loadStyle(); // the service worker answers from its cache when offline
  } catch {
    return undefined;
  }
  const map = createMap(container, style);
  const me = new maplibregl.Marker({ element: dot('fm-me', 'me') });
  const task = new maplibregl.Marker({ element: dot('fm-case', 'case') });
  let siteMarkers: maplibregl.Marker[] = [];
  let pick: ((position: LonLat) => void) | undefined;
  map.on('click', (event) => {
    if (!pick) return;
    const handler = pick;
    pick = undefined;
    container.classList.remove('picking');
    handler({ lon: event.lngLat.lng, lat: event.lngLat.lat });
  });
  return {
    map,
    showPosition(position) {
      me.setLngLat([position.lon, position.lat]).addTo(map);
      map.jumpTo({ center: [position.lon, position.lat], zoom: Math.max(map.getZoom(), 14) });
    },
    showSites(result) {
      siteMarkers.forEach((marker) => marker.remove());
      siteMarkers = [...result.mediationSites, ...result.watchPosts].map((site) =>
        new maplibregl.Marker({ element: dot(site.kind === 'watch_post' ? 'fm-watch' : 'fm-mediation', site.name) })
          .setLngLat([site.location.lon, site.location.lat])
          .addTo(map),
      );
      // frame the caller and the nearest site of each list
      const nearest = [result.mediationSites[0], result.watchPosts[0]].filter((site) => site !== undefined);
      if (!nearest.length) return;
      const lons = [result.location.lon, ...nearest.map((site) => site.location.lon)];
      const lats = [result.location.lat, ...nearest.map((site) => site.location.lat)];
      map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], { padding: 30, maxZoom: 16, duration: 0 });
    },
    showCase(position) {
      task.setLngLat([position.lon, position.lat]).addTo(map);
      map.jumpTo({ center: [position.lon, position.lat], zoom: Math.max(map.getZoom(), 15) });
    },
    fitBbox([w, s, e, n]) {
      if (w === e && s === n) map.jumpTo({ center: [w, s], zoom: 16 });
      else map.fitBounds([w, s, e, n], { padding: 20, duration: 0 });
    },
    pickOnce(onPick) {
      pick = onPick;
      container.classList.add('picking');
    },
  };
}
