import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The client's ip: the first X-Forwarded-For hop when the server runs behind a trusted proxy,
 * otherwise the socket peer ('unknown' when there is no socket, e.g. in `app.request()` tests).
 *
 * @example
 * clientIp(c, env.TRUST_PROXY) // '10.0.0.7'
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Whether the request arrived over https (directly, or at a trusted proxy that says so).
 *
 * @example
 * const secure = isHttps(c, env.TRUST_PROXY);
 */
export function isHttps(c: Context, trustProxy: boolean): boolean {
  if (trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}
