import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { openApiDocument, type RoutedApp } from './openapi-document.ts';
import { serveDocsAsset, serveDocsPage, serveOpenApiDocument } from './openapi.handlers.ts';
import { docsAssetRoute, docsPageRoute, openApiDocumentRoute } from './openapi.routes.ts';

export type { RoutedApp } from './openapi-document.ts';

/**
 * `/api/openapi.json` (OpenAPI 3.1, built once from the app's route declarations) and `/api/docs`, an
 * interactive Swagger UI served from the installed package (no CDN: intranets). `app` is a getter
 * because the document describes the whole app, which is complete only after createApp has mounted
 * every route group.
 *
 * @example
 * app.route('/api', openApiRoutes(deps, () => app));
 */
export function openApiRoutes(_deps: AppDeps, app: () => RoutedApp): Hono<AppEnv> {
  let document: Record<string, unknown> | undefined;
  const routes = new Hono<AppEnv>();
  mount(
    routes,
    openApiDocumentRoute,
    serveOpenApiDocument(() => (document ??= openApiDocument(app()))),
  );
  mount(routes, docsPageRoute, serveDocsPage());
  mount(routes, docsAssetRoute, serveDocsAsset());
  return routes;
}
