import type { AppDeps } from '../../context.ts';
import { baseUrl } from '../ogc/negotiate.ts';
import type { RouteHandler } from '../declare.ts';
import { sendObject } from './open311-format.ts';
import type { discoveryRoutes } from './open311.routes.ts';

/** When this endpoint's GeoReport behaviour last changed (discovery's `changeset`); bump it with the API. */
export const open311Changeset = '2026-12-04T00:00:00+08:00';

/**
 * The GeoReport v2 discovery document of this server: one production endpoint at `/open311/v2`
 * (absolute, from PUBLIC_URL or the request), its formats, and how to get an API key (an API token
 * issued by an administrator).
 *
 * @example
 * discoveryDocument('https://grid.example.gov.cn').endpoints[0].url // 'https://grid.example.gov.cn/open311/v2'
 */
export function discoveryDocument(base: string) {
  return {
    changeset: open311Changeset,
    contact: '平安网格 系统管理员 · the administrator of this server',
    key_service:
      'api_key 为管理员签发的 API 令牌（/api/admin/tokens）· the api_key is an API token issued by an administrator of this server (POST /api/admin/tokens); reading and reporting requests need one, services do not',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${base}/open311/v2`,
        changeset: open311Changeset,
        type: 'production' as const,
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}

/** Serves discovery.json / discovery.xml. */
export const showDiscovery =
  (deps: AppDeps): RouteHandler<typeof discoveryRoutes.json> =>
  (c) =>
    sendObject(c, 'discovery', discoveryDocument(baseUrl(c, deps.env)));
