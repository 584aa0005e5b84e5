import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import type { OgcItemsQuery } from '../../../core/contracts/ogc.ts';
import { scopeCondition } from '../../../db/queries/scope.ts';
import { incidentScopeColumns } from '../../../db/queries/incidents-area.ts';
import { ogcExtents } from '../../../db/queries/ogc.ts';
import { collectionDocument, collectionTitles, collectionsDocument, selfLinks, type CollectionId } from './documents.ts';
import { featureCollection, outputCrs, type Feature } from './features.ts';
import { collectionsHtml, featuresHtml } from './html.ts';
import { baseUrl, requestUrl, wantsHtml } from './negotiate.ts';

/** The answers of the OGC routes, each as JSON (GeoJSON for features) or as its HTML page. */

type Ctx = Context<AppEnv>;
export type Encoding = 'json' | 'html';

/** The encoding to answer in: `f` if given, else the Accept header. */
export const encodingOf = (c: Ctx, f: Encoding | undefined): Encoding => (wantsHtml(c, f) ? 'html' : 'json');

/** The SQL condition that keeps incidents to the caller's area (extents and features alike). */
export const incidentScope = (c: Ctx) => scopeCondition(callerOf(c), incidentScopeColumns('i'));

/**
 * Sends a document in `format`. The answer depends on Accept and on who asks, hence Vary; incidents
 * depend on the caller (scope, masking), so they never enter a shared cache.
 */
export function send(c: Ctx, format: Encoding, body: unknown, html: () => string, type = 'application/json') {
  c.header('Vary', 'Accept, Cookie, Authorization');
  if (c.req.path.startsWith('/ogc/collections/incidents')) c.header('Cache-Control', 'private, no-store');
  if (format === 'html') return c.html(html());
  return c.body(JSON.stringify(body), 200, { 'Content-Type': type });
}

/** `/collections`: the metadata of the collections `ids`, with the extents the caller may see. */
export async function sendCollections(deps: AppDeps, c: Ctx, ids: readonly CollectionId[], format: Encoding) {
  const base = baseUrl(c, deps.env);
  const doc = collectionsDocument(base, requestUrl(c, deps.env), format, ids, await ogcExtents(deps.database.db, incidentScope(c)));
  return send(c, format, doc, () => collectionsHtml(base, doc.collections, false));
}

/** One collection's metadata. */
export async function sendCollection(deps: AppDeps, c: Ctx, id: CollectionId, format: Encoding) {
  const base = baseUrl(c, deps.env);
  const doc = collectionDocument(base, id, await ogcExtents(deps.database.db, incidentScope(c)));
  return send(c, format, doc, () => collectionsHtml(base, [doc], true));
}

type OutputCrs = ReturnType<typeof outputCrs>;

/**
 * A page of features (`features` may hold one extra, which only says a next page exists) starting at
 * `offset`, with `numberMatched` when it was counted.
 */
export function sendItems(
  deps: AppDeps,
  c: Ctx,
  id: CollectionId,
  features: Feature[],
  limit: number,
  crs: OutputCrs,
  format: Encoding,
  offset = 0,
  numberMatched?: number,
) {
  const base = baseUrl(c, deps.env);
  const body = featureCollection(requestUrl(c, deps.env), `${base}/ogc/collections/${id}`, features, limit, crs, format, offset, numberMatched);
  c.header('Content-Crs', `<${crs.uri}>`);
  return send(c, format, body, () => featuresHtml(base, collectionTitles[id].title, id, body.features, body.links), 'application/geo+json');
}

/** One feature, in the CRS and encoding its query asks for. */
export function sendItem(deps: AppDeps, c: Ctx, id: CollectionId, feature: Feature, query: Pick<OgcItemsQuery, 'f' | 'crs'>) {
  const crs = outputCrs(query.crs);
  const base = baseUrl(c, deps.env);
  const format = encodingOf(c, query.f);
  const page = featureCollection(requestUrl(c, deps.env), `${base}/ogc/collections/${id}`, [feature], 1, crs);
  const links = [...selfLinks(requestUrl(c, deps.env), format, 'application/geo+json'), page.links[2]!];
  c.header('Content-Crs', `<${crs.uri}>`);
  const html = () => featuresHtml(base, `${collectionTitles[id].title} ${feature.id}`, id, page.features, links);
  // the feature's own links (incident photos) follow the document's
  return send(c, format, { ...page.features[0], links: [...links, ...(feature.links ?? [])] }, html, 'application/geo+json');
}
