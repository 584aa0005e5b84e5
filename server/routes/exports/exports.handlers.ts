import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { notFound } from '../../access/scope.ts';
import { layerTables } from '../../../db/queries/ogc.ts';
import { incidentPages, layerPages } from '../../../db/queries/exports.ts';
import { incidentScopeColumns } from '../../../db/queries/incidents-area.ts';
import { scopeCondition } from '../../../db/queries/scope.ts';
import { incidentFeature, layerFeature } from '../ogc/features.ts';
import { isLayer } from '../ogc/documents.ts';
import { parseBbox, parseFilters } from '../ogc/params.ts';
import type { RouteHandler } from '../declare.ts';
import { incidentColumns, layerColumns, mapPages, sendExport } from './export-file.ts';
import { exportLayerRoute, type exportIncidentsRoute } from './exports.routes.ts';

/** The filtered incidents in the caller's area, reporter masked as in the API. */
export const exportIncidents =
  ({ database }: AppDeps): RouteHandler<typeof exportIncidentsRoute> =>
  async (c, { query: { format, ...filters } }) => {
    const principal = callerOf(c);
    const scope = scopeCondition(principal, incidentScopeColumns('i'));
    const pages = mapPages(incidentPages(database.db, scope, filters), (row) => incidentFeature(principal, row));
    return sendExport(c, 'incidents', format, 'Point', incidentColumns, pages);
  };

/** One layer, filtered by bbox and by equality on its properties as in the OGC API. */
export const exportLayer =
  ({ database }: AppDeps): RouteHandler<typeof exportLayerRoute> =>
  async (c) => {
    const layer = c.req.param('layer') ?? '';
    if (!isLayer(layer)) throw notFound(`layer ${layer}`);
    const { format, bbox } = exportLayerRoute.query.parse(c.req.query());
    const equals = parseFilters(c.req.query(), layerTables[layer].properties, new Set(['format', 'bbox']));
    const pages = mapPages(layerPages(database.db, layer, { bbox: bbox === undefined ? undefined : parseBbox(bbox), equals }), layerFeature);
    return sendExport(c, layer, format, layerTables[layer].geometry, layerColumns(layer), pages);
  };
