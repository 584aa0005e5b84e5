import type { Context } from 'hono';
import type { Env } from '../../../core/env.ts';
import { publicBase } from '../../access/request-info.ts';

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
 * The origin clients reach the server at, for absolute links: PUBLIC_URL when set, else the request's
 * own, or the one a trusted reverse proxy names (X-Forwarded-Proto / X-Forwarded-Host).
 *
 * @example
 * baseUrl(c, env) // 'http://127.0.0.1:8080'
 */
export function baseUrl(c: Context, env: Pick<Env, 'PUBLIC_URL' | 'TRUST_PROXY'>): string {
  return publicBase(c, env);
}

/**
 * The request's own URL on the public origin (`baseUrl`): self and next links point where the client
 * can follow them, not at whatever the Host header named.
 *
 * @example
 * requestUrl(c, env) // 'https://grid.example.gov.cn/ogc/collections?f=json'
 */
export function requestUrl(c: Context, env: Pick<Env, 'PUBLIC_URL' | 'TRUST_PROXY'>): string {
  const url = new URL(c.req.url);
  return `${baseUrl(c, env)}${url.pathname}${url.search}`;
}
