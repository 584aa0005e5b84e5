/**
 * The MapLibre map every page draws on (map, dashboard, field, planner): the server's style, the city's
 * extent, the controls. Each page adds its own layers.
 */
import maplibregl, { type StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { requestJson } from '../http.ts';

/** The city's extent: the loaded districts (style metadata), else Shenyang's. */
export let SHENYANG: [number, number, number, number] = [122.42, 41.19, 123.81, 43.04];

/**
 * The server's map style (offline basemap, area and site layers, the city's bounds in its metadata).
 *
 * @example
 * const map = createMap(container, await loadStyle());
 */
export const loadStyle = () => requestJson<StyleSpecification>('/style.json');

/**
 * A configured `.pmtiles` basemap is read with HTTP range requests by the `pmtiles://` protocol; its
 * code loads only when the style uses it.
 *
 * @example
 * await registerBasemapProtocols(style); // before createMap
 */
export async function registerBasemapProtocols(style: StyleSpecification) {
  const sources = Object.values((style.sources ?? {}) as Record<string, { url?: string }>);
  if (!sources.some((source) => source.url?.startsWith('pmtiles://'))) return;
  const { Protocol } = await import('pmtiles');
  maplibregl.addProtocol('pmtiles', new Protocol().tile);
}

/** Room for the map page's panel and top bar, so fitted areas are not hidden under them. */
export const fitPadding = () => (window.innerWidth < 700 ? { top: 100, bottom: 20, left: 20, right: 20 } : { top: 60, bottom: 30, left: 250, right: 30 });

/**
 * The MapLibre map on the server's style (offline by default). `preserveDrawingBuffer` lets tests
 * and the screenshot button read pixels.
 *
 * @example
 * const map = createMap(document.getElementById('map')!, await loadStyle());
 */
export function createMap(container: HTMLElement, style: StyleSpecification): maplibregl.Map {
  const bounds = (style.metadata as Record<string, unknown> | undefined)?.['pingan:bounds'];
  if (Array.isArray(bounds) && bounds.length === 4) SHENYANG = bounds as typeof SHENYANG;
  const map = new maplibregl.Map({
    container,
    style,
    bounds: SHENYANG,
    fitBoundsOptions: { padding: fitPadding() },
    hash: true,
    attributionControl: { compact: true },
    canvasContextAttributes: { preserveDrawingBuffer: true },
    // labels appear at once: a fade keeps the map busy (and 'idle' late) for 300 ms after each move
    fadeDuration: 0,
    localIdeographFontFamily: '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
    maxZoom: 19,
  });
  // On a phone the opened attribution covers a third of a small map: start it folded (ⓘ opens it).
  if (container.clientWidth < 640) {
    map.once('load', () => {
      const attribution = container.querySelector('.maplibregl-ctrl-attrib');
      attribution?.classList.remove('maplibregl-compact-show');
      attribution?.removeAttribute('open');
    });
  }
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  return map;
}
