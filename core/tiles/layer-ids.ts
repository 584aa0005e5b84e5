/** The vector-tile layers the map can ask for (their SQL lives in db/tiles/layers.ts). */
export const tileLayerIds = ['districts', 'streets', 'communities', 'grid_cells', 'compounds', 'sites'] as const;
export type TileLayerId = (typeof tileLayerIds)[number];

export const isTileLayerId = (value: string): value is TileLayerId => (tileLayerIds as readonly string[]).includes(value);
