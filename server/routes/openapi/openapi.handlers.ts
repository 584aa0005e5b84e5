import { ApiError } from '../../middleware/errors.ts';
import type { RouteHandler } from '../declare.ts';
import type { docsAssetRoute, docsPageRoute, openApiDocumentRoute } from './openapi.routes.ts';
import { docsAsset, docsPage } from './swagger-ui.ts';

/** The app's OpenAPI document, built on the first request (see `openApiRoutes` for why not earlier). */
export const serveOpenApiDocument =
  (document: () => Record<string, unknown>): RouteHandler<typeof openApiDocumentRoute> =>
  (c) => {
    const body = document();
    c.header('Cache-Control', 'no-cache');
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
