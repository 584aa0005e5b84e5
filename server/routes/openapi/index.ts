import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { openApiDocument, type DocumentOptions, type RoutedApp } from './openapi-document.ts';
import { serveDocsAsset, serveDocsPage, serveOpenApiDocument } from './openapi.handlers.ts';
import { docsAssetRoute, docsPageRoute, openApiDocumentRoute } from './openapi.routes.ts';

export type { RoutedApp } from './openapi-document.ts';

/**
 * `/api/openapi.json` (OpenAPI 3.1, or 3.0 with `?version=3.0`, built once from the app's route declarations) and `/api/docs`, an
 * interactive Swagger UI served from the installed package (no CDN: intranets). `app` is a getter
 * because the document describes the whole app, which is complete only after createApp has mounted
 * every route group.
 *
 * @example
 * app.route('/api', openApiRoutes(deps, () => app));
 */
export function openApiRoutes(deps: AppDeps, app: () => RoutedApp): Hono<AppEnv> {
  // one per version and origin: few (PUBLIC_URL fixes the origin; without it, the hosts the server is reached by)
  const documents = new Map<string, Record<string, unknown>>();
  const routes = new Hono<AppEnv>();
  const document = (options: Required<DocumentOptions>) => {
    const key = `${options.version} ${options.server}`;
    let found = documents.get(key);
    if (!found) {
      // a Host header is the client's to choose: bound what it can make this keep
      if (documents.size >= 16) documents.clear();
      documents.set(key, (found = openApiDocument(app(), options)));
    }
    return found;
  };
  mount(routes, openApiDocumentRoute, serveOpenApiDocument(deps, document));
  mount(routes, docsPageRoute, serveDocsPage());
  mount(routes, docsAssetRoute, serveDocsAsset());
  return routes;
}
