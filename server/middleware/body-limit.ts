import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { matchedRoutes } from 'hono/route';
import type { Env } from '../../core/env.ts';
import { specOf } from '../routes/declare.ts';
import { ApiError } from './errors.ts';

/** Room for the multipart framing around uploaded files (part headers, boundaries, small text parts). */
const formOverhead = 64 * 1024;

/**
 * The largest body an upload route (multipart) may stream in: ATTACHMENT_MAX_BYTES ×
 * ATTACHMENT_MAX_PER_CASE plus the multipart framing. Upload routes put `bodyLimit` with this size in
 * front of their handler; the app-wide limit leaves them alone (see `requestBodyLimit`).
 *
 * @example
 * app.post(path, bodyLimit({ maxSize: uploadBodyLimit(env), onError: () => { throw tooLarge(…) } }));
 */
export const uploadBodyLimit = (env: Pick<Env, 'ATTACHMENT_MAX_BYTES' | 'ATTACHMENT_MAX_PER_CASE'>): number =>
  env.ATTACHMENT_MAX_BYTES * env.ATTACHMENT_MAX_PER_CASE + formOverhead;

/** Whether the route this request matched declares a multipart body (an upload, limited by its own route). */
const isUpload = (c: Context) => matchedRoutes(c).some((route) => specOf(route.handler)?.bodyType?.startsWith('multipart/') === true);

/**
 * App-wide request body limit, enforced before authentication and before anything parses the body:
 * a declared Content-Length above the limit is refused at once, a chunked body is counted while it
 * streams and cut off as soon as it passes the limit (so a 50 MB body costs at most the limit in
 * memory). 413 `payload_too_large`. Routes that declare a multipart body (uploads) are skipped here:
 * they apply `uploadBodyLimit` themselves, and only for callers who may upload.
 *
 * @example
 * app.use('*', requestBodyLimit(env));
 */
export function requestBodyLimit(env: Pick<Env, 'BODY_LIMIT_BYTES'>): MiddlewareHandler {
  const maxSize = env.BODY_LIMIT_BYTES;
  const limit = bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `the request body is larger than ${maxSize} bytes`, 'body');
    },
  });
  return async (c, next) => {
    // GET and HEAD carry no body here (node-server gives them none); asking `raw.body` would build a
    // whole fetch Request (headers, AbortController) per request only to learn that
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (!c.req.raw.body || isUpload(c)) return next();
    return limit(c, next);
  };
}
