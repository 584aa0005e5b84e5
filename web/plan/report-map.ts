/**
 * The map of the printed report as a map a reader can use: the view as an image with a scale bar and
 * a north arrow drawn over it, the legend of the tab's layers and where the data come from. Sizes are
 * fractions of the image, so the bar stays true however the page scales the image.
 */
import type maplibregl from 'maplibre-gl';
import { el } from '../kit/dom.ts';
import { m } from './i18n.ts';
import { flagColors, shareClasses } from './layers.ts';
import type { Tab } from './state.ts';

const EARTH_CIRCUMFERENCE_M = 40_075_016.686;

/**
 * A round distance for a scale bar about `targetPx` long and its length as a share of the map width.
 * MapLibre's zoom is for 512-pixel tiles (Web Mercator: the scale shrinks with cos(latitude)).
 *
 * @example
 * scaleBar(10, 41.8, 1000).label  // → '2 km'
 */
export function scaleBar(zoom: number, lat: number, widthPx: number, targetPx = 120): { metres: number; share: number; label: string } {
  const metresPerPx = (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
  const raw = metresPerPx * targetPx;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const metres =
    [1, 2, 5, 10]
      .map((f) => f * magnitude)
      .filter((d) => d <= raw)
      .pop() ?? magnitude;
  return { metres, share: metres / metresPerPx / widthPx, label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m` };
}

const swatch = (color: string, label: string, shape = '') => el('span', { class: 'swatch' }, el('i', { style: `background:${color}`, class: shape }), label);

/** The legend entries of a tab's visible layers. */
export function legendFor(tab: Tab): HTMLElement {
  const t = m();
  const labels = ['< 50%', '50–70%', '70–85%', '85–95%', '≥ 95%'];
  const entries =
    tab === 'hotspots'
      ? [...Object.entries(flagColors).map(([flag, color]) => swatch(color, t.flags[flag]!)), swatch('#f0f0f0', t.notSignificant)]
      : [
          ...shareClasses.map(([, color], i) => swatch(color, `${t.legend} ${labels[i]}`)),
          swatch('#bdbdbd', t.noHouseholds),
          swatch('#c0392b', t.uncoveredCompounds, 'dot'),
          ...(tab === 'siting' ? [swatch('#1f4e9c', t.proposedSite, 'dot'), swatch('rgba(43,108,176,0.3)', t.reach)] : []),
        ];
  return el('div', { class: 'legend report-legend' }, el('strong', {}, `${t.legendTitle}：`), ...entries);
}

/** The map image with its scale bar and north arrow. */
export function mapFigure(map: maplibregl.Map, image: string): HTMLElement {
  const t = m();
  const canvas = map.getCanvas();
  const bar = scaleBar(map.getZoom(), map.getCenter().lat, canvas.clientWidth || canvas.width);
  const bearing = map.getBearing();
  const arrow = el('div', { class: 'north', style: `transform: rotate(${-bearing}deg)`, title: t.north });
  arrow.innerHTML =
    '<svg viewBox="0 0 24 36" width="24" height="36"><path d="M12 2 L20 28 L12 22 L4 28 Z" fill="#222"/><text x="12" y="35" text-anchor="middle" font-size="9" font-family="sans-serif">N</text></svg>';
  return el(
    'figure',
    { class: 'map-figure' },
    el('img', { class: 'map-image', src: image, alt: 'map' }),
    arrow,
    el('div', { class: 'scale', style: `width:${(bar.share * 100).toFixed(2)}%` }, el('span', {}, `${t.scale} ${bar.label}`)),
  );
}

/** Where the figures come from, with the map's own attribution. */
export function sourcesLine(): HTMLElement {
  const t = m();
  const attribution = document.querySelector('.maplibregl-ctrl-attrib-inner')?.textContent?.trim();
  return el('p', { class: 'note sources' }, `${t.sources}：${t.sourcesText}${attribution ? ` · ${t.basemap}：${attribution}` : ''}`);
}
