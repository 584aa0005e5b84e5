import type { Context } from 'hono';

/**
 * HTML or JSON: `f` wins; otherwise HTML only when the client asks for text/html before any JSON
 * type (browsers), so GDAL, QGIS and curl get JSON.
 *
 * @example
 * wantsHtml(c, undefined) // true for a browser's Accept: text/html,application/xhtml+xml,…
 */
export function wantsHtml(c: Context, f: 'json' | 'html' | undefined): boolean {
  if (f) return f === 'html';
  const accept = c.req.header('accept') ?? '';
  const html = accept.indexOf('text/html');
  if (html < 0) return false;
  const json = accept.search(/application\/(geo\+)?json/);
  return json < 0 || html < json;
}

/**
 * The origin clients reach the server at, for absolute links: the request's own, or the one a
 * trusted reverse proxy names (X-Forwarded-Proto / X-Forwarded-Host).
 *
 * @example
 * baseUrl(c, false) // 'http://127.0.0.1:8080'
 */
export function baseUrl(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  if (trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (proto === 'http' || proto === 'https') url.protocol = `${proto}:`;
    if (host && /^[A-Za-z0-9.:\-[\]]+$/.test(host)) url.host = host;
  }
  return url.origin;
}
