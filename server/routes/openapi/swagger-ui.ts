import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The Swagger UI page and its assets, served from the installed package (no CDN: intranets). */

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

export const docsPage = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>平安网格 API 文档 · Pingan Grid API</title>
<link rel="icon" href="/api/docs/favicon-32x32.png"><link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><p style="font:14px system-ui;margin:1em 2em">接口文档 API documentation · <a href="/api/openapi.json">openapi.json</a> ·
<a href="/ogc">OGC API – Features</a> · <a href="/open311/v2/services.json">Open311 GeoReport v2</a></p>
<div id="swagger-ui"></div><script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`;

/**
 * One asset of the page by file name, or undefined for any other name (only these few files are
 * served, so no path reaches outside the package).
 *
 * @example
 * const asset = await docsAsset('swagger-ui.css'); // { body: <bytes>, type: 'text/css; charset=utf-8' }
 */
export async function docsAsset(name: string): Promise<{ body: string | Uint8Array<ArrayBuffer>; type: string } | undefined> {
  const asset = Object.hasOwn(assets, name) ? assets[name] : undefined;
  if (!asset) return undefined;
  const body = asset.body ?? new Uint8Array(await readFile(path.join(swaggerDir, asset.file!)));
  return { body, type: asset.type };
}
