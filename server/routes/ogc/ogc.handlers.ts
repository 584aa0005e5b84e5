import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { personalRoles } from '../../access/mask.ts';
import { notFound } from '../../access/scope.ts';
import { countIncidentFeatures, countLayerFeatures, incidentFeatures, incidentProperties, layerFeatures, layerTables } from '../../../db/queries/ogc.ts';
import type { RouteHandler } from '../declare.ts';
import { collectionIds, conformance, isLayer, landingPage, selfLinks } from './documents.ts';
import { incidentFeature, layerFeature, photoLinks, readItemsQuery } from './features.ts';
import { documentHtml } from './html.ts';
import { baseUrl, requestUrl } from './negotiate.ts';
import { encodingOf, incidentScope, send, sendCollection, sendCollections, sendItem, sendItems } from './replies.ts';
import type {
  collectionsRoute,
  collectionsSlashRoute,
  conformanceRoute,
  incidentItemsRoute,
  incidentsCollectionRoute,
  landingPageRoute,
  landingPageSlashRoute,
} from './ogc.routes.ts';
import { incidentItemRoute, layerCollectionRoute, layerItemRoute, layerItemsRoute } from './ogc.routes.ts';

// Feature codes are short; a longer one cannot exist, so it is not looked up.
const maxCodeLength = 80;

/** Serves the landing page (links to the API definition, conformance and collections). */
export const showLandingPage =
  (deps: AppDeps): RouteHandler<typeof landingPageRoute | typeof landingPageSlashRoute> =>
  (c, { query }) => {
    const base = baseUrl(c, deps.env);
    const format = encodingOf(c, query.f);
    const doc = landingPage(base, requestUrl(c, deps.env), format);
    return send(c, format, doc, () => documentHtml(base, doc));
  };

/** Lists the conformance classes the API implements. */
export const listConformance =
  (deps: AppDeps): RouteHandler<typeof conformanceRoute> =>
  (c, { query }) => {
    const format = encodingOf(c, query.f);
    const doc = { conformsTo: conformance, links: selfLinks(requestUrl(c, deps.env), format) };
    return send(c, format, doc, () => documentHtml(baseUrl(c, deps.env), doc));
  };

/** Lists the collections the caller may read: incidents only for roles that see personal data. */
export const listCollections =
  (deps: AppDeps): RouteHandler<typeof collectionsRoute | typeof collectionsSlashRoute> =>
  (c, { query }) => {
    const ids = personalRoles.includes(callerOf(c).role) ? collectionIds : collectionIds.filter((id) => id !== 'incidents');
    return sendCollections(deps, c, ids, encodingOf(c, query.f));
  };

/** Describes the incidents collection, its extents limited to the caller's area. */
export const showIncidentsCollection =
  (deps: AppDeps): RouteHandler<typeof incidentsCollectionRoute> =>
  (c, { query }) =>
    sendCollection(deps, c, 'incidents', encodingOf(c, query.f));

/** Pages through the incidents in the caller's area as features, reporter masked by role. */
export const listIncidentFeatures =
  (deps: AppDeps): RouteHandler<typeof incidentItemsRoute> =>
  async (c, { query: parsed }) => {
    const { query, crs, offset, pageSize } = readItemsQuery(c.req.query(), parsed, incidentProperties, true);
    const [all, matched] = await Promise.all([
      incidentFeatures(deps.database.db, incidentScope(c), query),
      countIncidentFeatures(deps.database.db, incidentScope(c), query),
    ]);
    const rows = all.slice(offset);
    const principal = callerOf(c);
    const photos = await photoLinks(deps.database.db, baseUrl(c, deps.env), rows);
    return sendItems(
      deps,
      c,
      'incidents',
      rows.map((row) => incidentFeature(principal, row, photos.get(row.id))),
      pageSize,
      crs,
      encodingOf(c, parsed.f),
      offset,
      matched,
    );
  };

/** Shows one incident in the caller's area by its code. */
export const showIncidentFeature =
  (deps: AppDeps): RouteHandler<typeof incidentItemRoute> =>
  async (c) => {
    const code = c.req.param('featureId') ?? '';
    const rows = code.length > maxCodeLength ? [] : await incidentFeatures(deps.database.db, incidentScope(c), { limit: 1 }, code);
    if (!rows[0]) throw notFound(`feature ${code} of incidents`);
    const photos = await photoLinks(deps.database.db, baseUrl(c, deps.env), rows);
    return sendItem(deps, c, 'incidents', incidentFeature(callerOf(c), rows[0], photos.get(rows[0].id)), incidentItemRoute.query.parse(c.req.query()));
  };

/** Describes one public layer collection. */
export const showLayerCollection =
  (deps: AppDeps): RouteHandler<typeof layerCollectionRoute> =>
  (c) => {
    const id = c.req.param('collectionId') ?? '';
    if (!isLayer(id)) throw notFound(`collection ${id}`);
    const { f } = layerCollectionRoute.query.parse(c.req.query());
    return sendCollection(deps, c, id, encodingOf(c, f));
  };

/** Pages through the features of a public layer, filtered by bbox and property equality. */
export const listLayerFeatures =
  (deps: AppDeps): RouteHandler<typeof layerItemsRoute> =>
  async (c) => {
    const id = c.req.param('collectionId') ?? '';
    if (!isLayer(id)) throw notFound(`collection ${id}`);
    const parsed = layerItemsRoute.query.parse(c.req.query());
    const { query, crs, offset, pageSize } = readItemsQuery(c.req.query(), parsed, layerTables[id].properties, false);
    const [all, matched] = await Promise.all([layerFeatures(deps.database.db, id, query), countLayerFeatures(deps.database.db, id, query)]);
    return sendItems(deps, c, id, all.slice(offset).map(layerFeature), pageSize, crs, encodingOf(c, parsed.f), offset, matched);
  };

/** Shows one feature of a public layer by its code. */
export const showLayerFeature =
  (deps: AppDeps): RouteHandler<typeof layerItemRoute> =>
  async (c) => {
    const id = c.req.param('collectionId') ?? '';
    const code = c.req.param('featureId') ?? '';
    if (!isLayer(id)) throw notFound(`collection ${id}`);
    const rows = code.length > maxCodeLength ? [] : await layerFeatures(deps.database.db, id, { limit: 1 }, code);
    if (!rows[0]) throw notFound(`feature ${code} of ${id}`);
    return sendItem(deps, c, id, layerFeature(rows[0]), layerItemRoute.query.parse(c.req.query()));
  };
