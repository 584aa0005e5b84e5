import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { everyone } from '../../../core/access/roles.ts';
import { ApiError } from '../../middleware/errors.ts';
import { openApiDocument } from './openapi-document.ts';

/** What the document needs of the app: its registered routes. */
export type RoutedApp = Parameters<typeof openApiDocument>[0];

const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
// the CSP allows no inline script, so the page starts Swagger UI from this file
const initScript = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, tryItOutEnabled: false });
});
`;
const assets: Record<string, { file?: string; body?: string; type: string }> = {
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { file: 'favicon-32x32.png', type: 'image/png' },
  'init.js': { body: initScript, type: 'text/javascript; charset=utf-8' },
};
const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>平安网格 API 文档 · Pingan Grid API</title>
<link rel="icon" href="/api/docs/favicon-32x32.png"><link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><p style="font:14px system-ui;margin:1em 2em">接口文档 API documentation · <a href="/api/openapi.json">openapi.json</a> ·
<a href="/ogc">OGC API – Features</a> · <a href="/open311/v2/services.json">Open311 GeoReport v2</a></p>
<div id="swagger-ui"></div><script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`;

/**
 * `/api/openapi.json` (OpenAPI 3.1, built once from the app's routes and the contracts' zod schemas)
 * and `/api/docs`, an interactive Swagger UI served from the installed package (no CDN: intranets).
 * `app` is a getter because the document describes the whole app, which is complete only after
 * createApp has mounted every route group.
 *
 * @example
 * api.route('/', openApiRoutes(deps, () => app));
 */
export const openApiRoutes = (_deps: AppDeps, app: () => RoutedApp) => {
  let document: Record<string, unknown> | undefined;
  return new Hono<AppEnv>()
    .get('/openapi.json', access({ roles: everyone }), async (c) => {
      document ??= openApiDocument(app());
      c.header('Cache-Control', 'no-cache');
      return c.json(document);
    })
    .get('/docs', access({ roles: everyone }), (c) => c.html(page))
    .get('/docs/:asset', access({ roles: everyone }), async (c) => {
      const asset = Object.hasOwn(assets, c.req.param('asset')) ? assets[c.req.param('asset')] : undefined;
      if (!asset) throw new ApiError(404, 'not_found', `no documentation asset ${c.req.param('asset')}`, 'asset');
      const body = asset.body ?? (await readFile(path.join(swaggerDir, asset.file!)));
      c.header('Content-Type', asset.type);
      c.header('Cache-Control', 'public, max-age=86400');
      return c.body(typeof body === 'string' ? body : new Uint8Array(body));
    });
};
