import { signedIn } from '../../../core/access/roles.ts';
import { geoJsonFeatureCollectionSchema } from '../../../core/contracts/geojson.ts';
import { hotspotExportQuerySchema, hotspotQuerySchema, hotspotResponseSchema } from '../../../core/contracts/planning.ts';
import { declareRoute } from '../declare.ts';

// Counts per grid only (no incident detail): every signed-in role, within its own area.
const gridCounts = { roles: signedIn, scoped: true } as const;

export const hotspotsRoute = declareRoute({
  method: 'get',
  path: '/hotspots',
  summary: 'Incident rates per grid cell with Getis-Ord Gi* z-scores and hot/cold spot flags after a Benjamini–Hochberg FDR correction',
  access: gridCounts,
  query: hotspotQuerySchema,
  response: hotspotResponseSchema,
});

export const hotspotsExportRoute = declareRoute({
  method: 'get',
  path: '/hotspots/export',
  summary: 'Download the hotspot analysis per grid cell: ?format=csv|geojson plus the hotspot query',
  access: gridCounts,
  query: hotspotExportQuerySchema,
  response: geoJsonFeatureCollectionSchema,
  responseTypes: ['text/csv', 'application/geo+json'],
});
