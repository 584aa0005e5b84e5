/**
 * Colours and layer ids shared by the server-built style and the web app's legend, so the legend
 * always shows what the map draws.
 */
export const palette = {
  background: '#dfe6ec',
  land: '#f7f5ef',
  gridFill: '#fdfcf8',
  dedicatedFill: '#f3e9d2',
  hover: '#ffd54f',
  selected: '#e53935',
  district: '#5b4b8a',
  street: '#7d6fa8',
  community: '#9aa5b1',
  grid: '#c3c9cf',
  compound: '#8d6e63',
  labelHalo: '#ffffff',
  label: '#2d2a3a',
} as const;

/**
 * Colour of a site whose kind the registry does not know (cannot happen while sites.kind references
 * site_kinds; a safety net for the style's `match`). Kind colours are data: site_kinds.color (migration 0021).
 */
export const OTHER_SITE_COLOR = '#757575';

/** Style layer ids the web app refers to (toggling, hover, picking, deck.gl placement). */
export const styleLayerIds = {
  /** deck.gl layers are inserted before this one: above the area fills, beneath boundaries and labels */
  deckBefore: 'grid-cells-line',
  areaFills: ['districts-fill', 'streets-fill', 'communities-fill', 'grid-cells-fill'],
  toggles: {
    districts: ['districts-line', 'districts-label'],
    streets: ['streets-line', 'streets-label'],
    communities: ['communities-line', 'communities-label'],
    grid_cells: ['grid-cells-fill', 'grid-cells-line', 'grid-cells-label', 'grid-cells-hover'],
    compounds: ['compounds-circle', 'compounds-label'],
    sites: ['sites-circle', 'sites-label'],
  },
  selected: 'selected-line',
} as const;
