import { publicBase } from '../../access/request-info.ts';
import type { AppDeps } from '../../context.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { RouteHandler } from '../declare.ts';
import type { DocumentOptions } from './openapi-document.ts';
import type { docsAssetRoute, docsPageRoute, openApiDocumentRoute } from './openapi.routes.ts';
import { docsAsset, docsPage } from './swagger-ui.ts';

/**
 * The app's OpenAPI document, built on the first request for each version and server origin (see
 * `openApiRoutes` for why not earlier). 3.0 is answered with the OpenAPI media type clients look for.
 */
export const serveOpenApiDocument =
  ({ env }: AppDeps, document: (options: Required<DocumentOptions>) => Record<string, unknown>): RouteHandler<typeof openApiDocumentRoute> =>
  (c, { query }) => {
    const body = document({ version: query.version, server: publicBase(c, env) });
    c.header('Cache-Control', 'no-cache');
    if (query.version === '3.0') return c.body(JSON.stringify(body), 200, { 'Content-Type': 'application/vnd.oai.openapi+json;version=3.0' });
    return c.json(body);
  };

/** The Swagger UI page. */
export const serveDocsPage = (): RouteHandler<typeof docsPageRoute> => (c) => c.html(docsPage);

/** A file of the Swagger UI page; any other name is a 404. */
export const serveDocsAsset = (): RouteHandler<typeof docsAssetRoute> => async (c) => {
  const name = c.req.param('asset') ?? '';
  const asset = await docsAsset(name);
  if (!asset) throw new ApiError(404, 'not_found', `no documentation asset ${name}`, 'asset');
  c.header('Content-Type', asset.type);
  c.header('Cache-Control', 'public, max-age=86400');
  return c.body(asset.body);
};
