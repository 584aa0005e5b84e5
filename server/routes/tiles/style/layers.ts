/**
 * The style's own layers over our vector sources: land from the district polygons, boundaries of
 * each level with distinct weights, Chinese labels by level and zoom, sites by kind (colour and shape
 * from the site_kinds registry, so a kind added as a row is drawn in its colour at once).
 */
import { OTHER_SITE_COLOR, palette } from '../../../../core/contracts/map-palette.ts';

/** What the style needs of a registry row. */
export type StyleKind = { kind: string; color: string; shape: 'circle' | 'ring' };

type Layer = Record<string, unknown>;

const hovered = (on: unknown, off: unknown) => ['case', ['boolean', ['feature-state', 'hover'], false], on, off];

const fill = (id: string, source: string, minzoom: number, color: unknown, opacity: unknown): Layer => ({
  id,
  type: 'fill',
  source,
  'source-layer': source,
  minzoom,
  paint: { 'fill-color': color, 'fill-opacity': opacity },
});

const line = (id: string, source: string, minzoom: number, color: string, width: unknown, extra: Layer = {}): Layer => ({
  id,
  type: 'line',
  source,
  'source-layer': source,
  minzoom,
  layout: { 'line-join': 'round' },
  paint: { 'line-color': color, 'line-width': width, ...extra },
});

const label = (id: string, source: string, minzoom: number, maxzoom: number, size: unknown, extra: Layer = {}): Layer => ({
  id,
  type: 'symbol',
  source,
  'source-layer': `${source}_label`,
  minzoom,
  maxzoom,
  layout: { 'text-field': ['get', 'name'], 'text-size': size, 'text-max-width': 8, 'text-padding': 4 },
  paint: { 'text-color': palette.label, 'text-halo-color': palette.labelHalo, 'text-halo-width': 1.6, ...extra },
});

/**
 * A `match` on the feature's kind; a style with no kinds (an empty registry) cannot use `match`, whose
 * spec needs at least one label.
 */
const byKind = (kinds: StyleKind[], value: (kind: StyleKind) => unknown, fallback: unknown) =>
  kinds.length ? ['match', ['get', 'kind'], ...kinds.flatMap((kind) => [kind.kind, value(kind)]), fallback] : fallback;
const siteColor = (kinds: StyleKind[]) => byKind(kinds, (kind) => kind.color, OTHER_SITE_COLOR);

/** Layers in drawing order; `landOpacity` < 1 lets a configured basemap show through. */
export function areaLayers(landOpacity: number): Layer[] {
  return [
    fill('districts-fill', 'districts', 0, palette.land, landOpacity),
    fill('districts-hover', 'districts', 0, palette.hover, ['interpolate', ['linear'], ['zoom'], 7, hovered(0.3, 0), 8, 0]),
    // Transparent fills at the level in focus make areas hoverable and clickable.
    fill('streets-fill', 'streets', 8, palette.hover, ['interpolate', ['linear'], ['zoom'], 8, hovered(0.35, 0), 10, 0]),
    fill('communities-fill', 'communities', 10, palette.hover, ['interpolate', ['linear'], ['zoom'], 10, hovered(0.35, 0), 12, 0]),
    fill('grid-cells-fill', 'grid_cells', 12, ['match', ['get', 'kind'], 'dedicated', palette.dedicatedFill, palette.gridFill], landOpacity * 0.8),
    fill('grid-cells-hover', 'grid_cells', 12, palette.hover, hovered(0.3, 0)),
    line('grid-cells-line', 'grid_cells', 12, palette.grid, ['interpolate', ['linear'], ['zoom'], 12, 0.4, 16, 1.2]),
    line('communities-line', 'communities', 10, palette.community, ['interpolate', ['linear'], ['zoom'], 10, 0.6, 16, 2], { 'line-dasharray': [3, 2] }),
    line('streets-line', 'streets', 8, palette.street, ['interpolate', ['linear'], ['zoom'], 8, 0.8, 16, 3]),
    line('districts-line', 'districts', 0, palette.district, ['interpolate', ['linear'], ['zoom'], 6, 1.2, 16, 5]),
    {
      id: 'selected-line',
      type: 'line',
      source: 'grid_cells',
      'source-layer': 'grid_cells',
      filter: ['==', ['get', 'code'], ''],
      paint: { 'line-color': palette.selected, 'line-width': 3 },
    },
  ];
}

/** Compounds and sites; a 'ring' kind is a white dot ringed in its colour. */
export function pointLayers(kinds: StyleKind[]): Layer[] {
  const rings = kinds.filter((kind) => kind.shape === 'ring');
  return [
    {
      id: 'compounds-circle',
      type: 'circle',
      source: 'compounds',
      'source-layer': 'compounds',
      minzoom: 14,
      paint: { 'circle-color': palette.compound, 'circle-radius': 3, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 },
    },
    {
      id: 'sites-circle',
      type: 'circle',
      source: 'sites',
      'source-layer': 'sites',
      minzoom: 11,
      paint: {
        'circle-color': rings.length ? byKind(rings, () => '#ffffff', siteColor(kinds)) : siteColor(kinds),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 16, 7],
        'circle-stroke-color': rings.length ? byKind(rings, (kind) => kind.color, '#ffffff') : '#fff',
        'circle-stroke-width': rings.length ? byKind(rings, () => 2, 1) : 1,
      },
    },
  ];
}

export function labelLayers(kinds: StyleKind[]): Layer[] {
  return [
    label('grid-cells-label', 'grid_cells', 14.5, 24, 11, { 'text-color': '#5f6b76' }),
    {
      ...label('compounds-label', 'compounds', 15.5, 24, 10, { 'text-color': palette.compound }),
      'source-layer': 'compounds',
      layout: { 'text-field': ['get', 'name'], 'text-size': 10, 'text-offset': [0, 1], 'text-anchor': 'top', 'text-optional': true },
    },
    {
      ...label('sites-label', 'sites', 15, 24, 11, { 'text-color': siteColor(kinds) }),
      'source-layer': 'sites',
      layout: { 'text-field': ['get', 'name'], 'text-size': 11, 'text-offset': [0, 1.1], 'text-anchor': 'top', 'text-optional': true },
    },
    label('communities-label', 'communities', 12, 15, ['interpolate', ['linear'], ['zoom'], 12, 11, 15, 14]),
    label('streets-label', 'streets', 9.5, 13, ['interpolate', ['linear'], ['zoom'], 9.5, 12, 13, 16], { 'text-color': palette.street }),
    label('districts-label', 'districts', 0, 11, ['interpolate', ['linear'], ['zoom'], 7, 14, 11, 20], { 'text-color': palette.district }),
  ];
}
