import type { Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import type { Payload } from './layer-data.ts';

/**
 * Answers a cached layer payload: 304 on a matching ETag, the stored gzip when the client accepts it.
 * Private and revalidated: the payload depends on who asks (their area), hence Vary on the credentials.
 *
 * @example
 * return sendPayload(c, await data.coverage(500, ''), 'application/json');
 */
export function sendPayload(c: Context<AppEnv>, payload: Payload, type: string): Response {
  c.header('ETag', payload.etag);
  c.header('Cache-Control', 'private, no-cache');
  c.header('Vary', 'Accept-Encoding, Cookie, Authorization');
  c.header('Content-Type', type);
  if (c.req.header('if-none-match') === payload.etag) return c.body(null, 304);
  if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    c.header('Content-Encoding', 'gzip');
    return c.body(payload.gzipped as Uint8Array<ArrayBuffer>);
  }
  return c.body(payload.body as Uint8Array<ArrayBuffer>);
}
