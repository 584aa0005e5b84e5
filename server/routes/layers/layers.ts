import { Hono, type Context } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { everyone, signedIn } from '../../../core/access/roles.ts';
import { maskPersonal, personalRoles } from '../../access/mask.ts';
import { assertInScope } from '../../access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import { readAreaCard } from '../../../db/tiles/card.ts';
import { areaCodeParamSchema, coverageQuerySchema, incidentLayerQuerySchema, type AreaCard, type GridWorkerContact } from '../../../core/contracts/map.ts';
import { incidentStatuses } from '../../../db/tiles/incidents.ts';
import { layerDataFor, scopePrefix, type Payload } from './layer-data.ts';

function send(c: Context<AppEnv>, payload: Payload, type: string) {
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

/**
 * `/api/layers/*`: the info card of an area, incident columns for deck.gl (individual points for
 * signed-in roles within their area; per-cell-month counts for the public) and volunteer coverage.
 */
export const layerRoutes = ({ database }: AppDeps) => {
  const data = layerDataFor(database);
  return new Hono<AppEnv>()
    .get('/layers/areas/:code', access({ roles: everyone }), async (c) => {
      const { code } = areaCodeParamSchema.parse(c.req.param());
      const card = await readAreaCard(database, code);
      if (!card) throw new ApiError(404, 'not_found', `area ${code} not found`, 'code');
      // the public card names no person; the worker's masked contact is the personal route below
      const worker = card.worker ? { ...card.worker, name: null, phone: null } : null;
      return c.json({ ...card, worker } satisfies AreaCard);
    })
    .get('/layers/areas/:code/worker', access({ roles: personalRoles, personal: true, scoped: true }), async (c) => {
      const { code } = areaCodeParamSchema.parse(c.req.param());
      const principal = c.get('principal');
      assertInScope(principal, code, `area ${code}`);
      const card = await readAreaCard(database, code, 0);
      if (!card?.worker) throw new ApiError(404, 'not_found', `area ${code} has no responsible grid worker`, 'code');
      return c.json(maskPersonal(principal, card.worker, { name: 'name', phone: 'phone' }) satisfies GridWorkerContact);
    })
    .get('/layers/incidents/density', access({ roles: everyone }), async (c) => {
      const query = incidentLayerQuerySchema.parse(c.req.query());
      checkStatuses(query.status);
      return send(c, await data.incidents({ role: 'public', scopeCode: null }, query), 'application/octet-stream');
    })
    .get('/layers/incidents', access({ roles: signedIn, scoped: true }), async (c) => {
      const query = incidentLayerQuerySchema.parse(c.req.query());
      checkStatuses(query.status);
      return send(c, await data.incidents(c.get('principal'), query), 'application/octet-stream');
    })
    .get('/layers/coverage', access({ roles: signedIn, scoped: true }), async (c) => {
      const query = coverageQuerySchema.parse(c.req.query());
      const prefix = scopePrefix(c.get('principal'), query.area);
      if (prefix === null) throw new ApiError(404, 'not_found', `area ${query.area ?? ''} not found`, 'area');
      return send(c, await data.coverage(query.radius, prefix), 'application/json');
    });
};

function checkStatuses(statuses: string[] | undefined) {
  const unknown = statuses?.find((s) => !(incidentStatuses as readonly string[]).includes(s));
  if (unknown) throw new ApiError(400, 'invalid_request', `status: unknown status "${unknown}"; one of ${incidentStatuses.join(', ')}`, 'status');
}
