import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Env } from '../../core/env.ts';

/** The proxy settings `clientIp` needs. */
export type ProxyTrust = Pick<Env, 'TRUST_PROXY' | 'TRUST_PROXY_HOPS'>;

/** The socket peer ('unknown' when there is no socket, e.g. in `app.request()` tests). */
function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The client's ip. Without TRUST_PROXY the socket peer. Behind TRUST_PROXY_HOPS trusted proxies, each
 * of which APPENDS the address it saw to X-Forwarded-For, the client is the entry that many places
 * from the right: the entries further left were written by the client itself and can be anything
 * (rotating them must not give a guesser a fresh login counter). With fewer entries than hops, the
 * leftmost one (as Express's `trust proxy = n` does).
 *
 * @example
 * // X-Forwarded-For: 6.6.6.6, 10.0.0.7 (the client wrote 6.6.6.6, nginx appended 10.0.0.7)
 * clientIp(c, { TRUST_PROXY: true, TRUST_PROXY_HOPS: 1 }) // '10.0.0.7'
 */
export function clientIp(c: Context, proxy: ProxyTrust): string {
  if (proxy.TRUST_PROXY) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    const chosen = hops[Math.max(0, hops.length - proxy.TRUST_PROXY_HOPS)];
    if (chosen) return chosen.slice(0, 64);
  }
  return socketAddress(c);
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

/**
 * The origin clients reach the server at, for absolute URLs (TileJSON, style.json, OGC API and
 * Open311 links): PUBLIC_URL when set; else, behind a trusted proxy, its X-Forwarded-Proto /
 * X-Forwarded-Host; else the request's own. The Host header alone is written by the client, so a
 * deployment that caches these documents should set PUBLIC_URL.
 *
 * @example
 * publicBase(c, { PUBLIC_URL: 'https://grid.example.gov.cn', TRUST_PROXY: false }) // 'https://grid.example.gov.cn'
 */
export function publicBase(c: Context, env: Pick<Env, 'PUBLIC_URL' | 'TRUST_PROXY'>): string {
  if (env.PUBLIC_URL) return env.PUBLIC_URL;
  const url = new URL(c.req.url);
  if (env.TRUST_PROXY) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (proto === 'http' || proto === 'https') url.protocol = `${proto}:`;
    if (host && /^[A-Za-z0-9.:\-[\]]+$/.test(host)) url.host = host;
  }
  return url.origin;
}
