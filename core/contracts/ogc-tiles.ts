import { z } from 'zod';
import { ogcLinkSchema } from './ogc.ts';

/**
 * Response shapes of OGC API – Tiles 1.0 (`/ogc/tileMatrixSets`, `/ogc/tiles`,
 * `/ogc/collections/{id}/tiles[/WebMercatorQuad]`) and of the OGC Two Dimensional Tile Matrix Set 2.0
 * JSON encoding, as far as this server fills them.
 */

const tileLinkSchema = ogcLinkSchema.extend({ templated: z.boolean().optional() });

export const tileMatrixSetsSchema = z.object({
  tileMatrixSets: z.array(z.object({ id: z.string(), title: z.string(), uri: z.string(), links: z.array(tileLinkSchema) })),
});

const xy = z.tuple([z.number(), z.number()]);

/** TMS 2.0, with the 1.0 members (`identifier`, `supportedCRS`, corners, `topLeftCorner`) older GDAL reads. */
export const tileMatrixSetSchema = z.object({
  id: z.string(),
  identifier: z.string(),
  title: z.string(),
  uri: z.string(),
  crs: z.string(),
  supportedCRS: z.string(),
  orderedAxes: z.tuple([z.string(), z.string()]),
  wellKnownScaleSet: z.string(),
  boundingBox: z.object({ crs: z.string(), lowerLeft: xy, upperRight: xy, lowerCorner: xy, upperCorner: xy }),
  tileMatrices: z.array(
    z.object({
      id: z.string(),
      identifier: z.string(),
      scaleDenominator: z.number(),
      cellSize: z.number(),
      cornerOfOrigin: z.literal('topLeft'),
      pointOfOrigin: xy,
      topLeftCorner: xy,
      tileWidth: z.number().int(),
      tileHeight: z.number().int(),
      matrixWidth: z.number().int(),
      matrixHeight: z.number().int(),
    }),
  ),
});

const tileMatrixLimitsSchema = z.object({
  tileMatrix: z.string(),
  minTileRow: z.number().int(),
  maxTileRow: z.number().int(),
  minTileCol: z.number().int(),
  maxTileCol: z.number().int(),
});

/** A tileset's metadata (Tiles 1.0 `tileSet`): its tile URL template is the `item` link. */
export const tilesetSchema = z.object({
  title: z.string(),
  description: z.string().optional(),
  dataType: z.literal('vector'),
  crs: z.string(),
  tileMatrixSetURI: z.string(),
  links: z.array(tileLinkSchema),
  tileMatrixSetLimits: z.array(tileMatrixLimitsSchema),
  boundingBox: z.object({ lowerLeft: z.tuple([z.number(), z.number()]), upperRight: z.tuple([z.number(), z.number()]), crs: z.string() }),
  centerPoint: z.object({ coordinates: z.tuple([z.number(), z.number()]), crs: z.string(), tileMatrix: z.string() }),
  layers: z.array(
    z.object({
      id: z.string(),
      title: z.string().optional(),
      dataType: z.literal('vector'),
      geometryDimension: z.number().int(),
      minTileMatrix: z.string(),
      maxTileMatrix: z.string(),
      propertiesSchema: z.object({ type: z.literal('object'), properties: z.record(z.string(), z.object({ type: z.string() })) }),
    }),
  ),
});
export type Tileset = z.infer<typeof tilesetSchema>;

/** The tilesets of a collection or of the dataset (Tiles 1.0 `tileSetItem`s). */
export const tilesetListSchema = z.object({
  links: z.array(tileLinkSchema),
  tilesets: z.array(
    z.object({ title: z.string(), dataType: z.literal('vector'), crs: z.string(), tileMatrixSetURI: z.string(), links: z.array(tileLinkSchema) }),
  ),
});

/** `/ogc/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}`: the dataset tile (every layer). */
export const datasetTileParamsSchema = z.object({
  tileMatrix: z.string().regex(/^[0-9]{1,2}$/, 'tileMatrix must be a zoom level 0–24'),
  tileRow: z.string().regex(/^[0-9]{1,9}$/, 'tileRow must be a non-negative integer'),
  tileCol: z.string().regex(/^[0-9]{1,9}(\.(mvt|pbf))?$/, 'tileCol must be a non-negative integer'),
});
