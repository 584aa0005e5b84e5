import { Hono, type Context } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { everyone, publicPrincipal, staff } from '../../../core/access/roles.ts';
import { personalRoles } from '../../access/mask.ts';
import { notFound } from '../../access/scope.ts';
import { ogcFormatSchema, ogcItemQuerySchema } from '../../../core/contracts/ogc.ts';
import { scopeCondition } from '../../../db/queries/scope.ts';
import { incidentScopeColumns } from '../../../db/queries/incidents-area.ts';
import { incidentFeatures, incidentProperties, layerFeatures, layerTables, ogcExtents } from '../../../db/queries/ogc.ts';
import { collectionDocument, collectionIds, collectionTitles, collectionsDocument, conformance, isLayer, landingPage, selfLinks, type CollectionId } from './documents.ts';
import { featureCollection, incidentFeature, layerFeature, outputCrs, readItemsQuery, type Feature } from './features.ts';
import { collectionsHtml, documentHtml, featuresHtml } from './html.ts';
import { baseUrl, wantsHtml } from './negotiate.ts';

type Ctx = Context<AppEnv>;
const principalOf = (c: Ctx) => c.get('principal') ?? publicPrincipal;
const incidentScope = (c: Ctx) => scopeCondition(principalOf(c), incidentScopeColumns('i'));

/**
 * OGC API – Features (Part 1 Core + GeoJSON + HTML, Part 2 CRS by reference) under `/ogc`. The public
 * layers are open to everyone; `incidents` is its own set of routes (registered first, so they win
 * over `:collectionId`) for staff, scoped in SQL and masked like /api/incidents.
 */
export const ogcRoutes = (deps: AppDeps) => {
  const { db } = deps.database;
  const trust = deps.env.TRUST_PROXY;
  const format = (c: Ctx) => (wantsHtml(c, ogcFormatSchema.parse(c.req.query()).f) ? 'html' : 'json');

  const send = (c: Ctx, format: 'json' | 'html', body: unknown, html: () => string, type = 'application/json') => {
    c.header('Vary', 'Accept, Cookie, Authorization');
    // incidents depend on the caller (scope, masking): never in a shared cache
    if (c.req.path.startsWith('/ogc/collections/incidents')) c.header('Cache-Control', 'private, no-store');
    if (format === 'html') return c.html(html());
    return c.body(JSON.stringify(body), 200, { 'Content-Type': type });
  };

  const collections = async (c: Ctx, ids: readonly CollectionId[]) => {
    const base = baseUrl(c, trust);
    const f = format(c);
    const doc = collectionsDocument(base, c.req.url, f, ids, await ogcExtents(db, incidentScope(c)));
    return send(c, f, doc, () => collectionsHtml(base, doc.collections, false));
  };
  const collection = async (c: Ctx, id: CollectionId) => {
    const base = baseUrl(c, trust);
    const doc = collectionDocument(base, id, await ogcExtents(db, incidentScope(c)));
    return send(c, format(c), doc, () => collectionsHtml(base, [doc], true));
  };
  const items = (c: Ctx, id: CollectionId, features: Feature[], limit: number, crs: ReturnType<typeof outputCrs>, f: 'json' | 'html') => {
    const base = baseUrl(c, trust);
    const body = featureCollection(c.req.url, `${base}/ogc/collections/${id}`, features, limit, crs, f);
    c.header('Content-Crs', `<${crs.uri}>`);
    return send(c, f, body, () => featuresHtml(base, collectionTitles[id].title, id, body.features, body.links), 'application/geo+json');
  };
  const item = (c: Ctx, id: CollectionId, feature: Feature | undefined) => {
    if (!feature) throw notFound(`feature ${c.req.param('featureId')} of ${id}`);
    const { f, crs: crsName } = ogcItemQuerySchema.parse(c.req.query());
    const crs = outputCrs(crsName);
    const base = baseUrl(c, trust);
    const page = featureCollection(c.req.url, `${base}/ogc/collections/${id}`, [feature], 1, crs);
    const links = [...selfLinks(c.req.url, wantsHtml(c, f) ? 'html' : 'json', 'application/geo+json'), page.links[2]!];
    c.header('Content-Crs', `<${crs.uri}>`);
    return send(c, wantsHtml(c, f) ? 'html' : 'json', { ...page.features[0], links }, () => featuresHtml(base, `${collectionTitles[id].title} ${feature.id}`, id, page.features, links), 'application/geo+json');
  };
  const scopedStaff = access({ roles: staff, scoped: true, personal: true });

  return new Hono<AppEnv>()
    .get('/ogc', access({ roles: everyone }), (c) => {
      const base = baseUrl(c, trust);
      const doc = landingPage(base, c.req.url, format(c));
      return send(c, format(c), doc, () => documentHtml(base, doc));
    })
    .get('/ogc/conformance', access({ roles: everyone }), (c) => {
      const doc = { conformsTo: conformance, links: selfLinks(c.req.url, format(c)) };
      return send(c, format(c), doc, () => documentHtml(baseUrl(c, trust), doc));
    })
    .get('/ogc/collections', access({ roles: everyone }), (c) =>
      collections(c, personalRoles.includes(principalOf(c).role) ? collectionIds : collectionIds.filter((id) => id !== 'incidents')),
    )
    .get('/ogc/collections/incidents', access({ roles: staff, scoped: true }), (c) => collection(c, 'incidents'))
    .get('/ogc/collections/incidents/items', scopedStaff, async (c) => {
      const { query, crs, format: f } = readItemsQuery(c, incidentProperties, true);
      const rows = await incidentFeatures(db, incidentScope(c), query);
      return items(c, 'incidents', rows.map((row) => incidentFeature(principalOf(c), row)), query.limit, crs, wantsHtml(c, f) ? 'html' : 'json');
    })
    .get('/ogc/collections/incidents/items/:featureId', scopedStaff, async (c) => {
      const code = c.req.param('featureId');
      const rows = code.length > 80 ? [] : await incidentFeatures(db, incidentScope(c), { limit: 1 }, code);
      return item(c, 'incidents', rows[0] && incidentFeature(principalOf(c), rows[0]));
    })
    .get('/ogc/collections/:collectionId', access({ roles: everyone }), (c) => {
      const id = c.req.param('collectionId');
      if (!isLayer(id)) throw notFound(`collection ${id}`);
      return collection(c, id);
    })
    .get('/ogc/collections/:collectionId/items', access({ roles: everyone }), async (c) => {
      const id = c.req.param('collectionId');
      if (!isLayer(id)) throw notFound(`collection ${id}`);
      const { query, crs, format: f } = readItemsQuery(c, layerTables[id].properties, false);
      const rows = await layerFeatures(db, id, query);
      return items(c, id, rows.map(layerFeature), query.limit, crs, wantsHtml(c, f) ? 'html' : 'json');
    })
    .get('/ogc/collections/:collectionId/items/:featureId', access({ roles: everyone }), async (c) => {
      const id = c.req.param('collectionId');
      const code = c.req.param('featureId');
      if (!isLayer(id)) throw notFound(`collection ${id}`);
      const rows = code.length > 80 ? [] : await layerFeatures(db, id, { limit: 1 }, code);
      return item(c, id, rows[0] && layerFeature(rows[0]));
    });
};
