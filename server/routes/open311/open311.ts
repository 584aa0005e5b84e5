import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { everyone, publicPrincipal, staff } from '../../../core/access/roles.ts';
import { principalOf as accountPrincipal } from '../../access/principal.ts';
import { sha256Hex } from '../../access/tokens.ts';
import { notFound } from '../../access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import { createIncidentSchema } from '../../../core/contracts/incidents.ts';
import { open311CreateRequestSchema, open311ListQuerySchema } from '../../../core/contracts/open311.ts';
import { openStatuses } from '../../../core/workflow/machine.ts';
import { initialRecord } from '../../../core/workflow/plan.ts';
import { findApiTokenOwner } from '../../../db/queries/auth-tokens.ts';
import { createIncident, incidentIdByKey, loadCategory } from '../../../db/queries/incidents.ts';
import { incidentScopeColumns } from '../../../db/queries/incidents-area.ts';
import { scopeCondition } from '../../../db/queries/scope.ts';
import { incidentCode, open311Requests, open311Services } from '../../../db/queries/open311.ts';
import { open311Errors, sendList, sendObject, splitFormat } from './open311-format.ts';
import { serviceDefinition, toOpen311, toService } from './open311-map.ts';

type Ctx = Context<AppEnv>;
const forms = new WeakMap<Request, Record<string, string>>();
const dayMs = 86_400_000;

/** The POST body as fields: form-encoded (the spec) or multipart, JSON accepted too; read once. */
async function readForm(c: Ctx): Promise<Record<string, string>> {
  const cached = forms.get(c.req.raw);
  if (cached) return cached;
  const type = c.req.header('content-type') ?? '';
  let raw: Record<string, unknown>;
  try {
    raw = type.includes('json') ? await c.req.json() : await c.req.parseBody();
  } catch {
    throw new ApiError(400, 'invalid_body', 'the body must be form fields (application/x-www-form-urlencoded)');
  }
  const fields = Object.fromEntries(Object.entries(raw ?? {}).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)]));
  forms.set(c.req.raw, fields);
  return fields;
}

/** Open311 clients send the key as `api_key` (query or form); it is an API token, same as Bearer. */
const apiKey = ({ database }: AppDeps): MiddlewareHandler<AppEnv> => async (c, next) => {
  if ((c.get('credential') ?? 'none') === 'none') {
    const key = c.req.query('api_key') ?? (c.req.method === 'POST' ? (await readForm(c)).api_key : undefined);
    if (key !== undefined) {
      const owner = key ? await findApiTokenOwner(database, sha256Hex(key)) : undefined;
      if (!owner) throw new ApiError(401, 'invalid_api_key', 'api_key: unknown or revoked key', 'api_key');
      c.set('principal', accountPrincipal(owner));
      c.set('credential', 'token');
    }
  }
  await next();
};

const scopeOf = (c: Ctx) => scopeCondition(c.get('principal') ?? publicPrincipal, incidentScopeColumns('i'));
const split = (value: string | undefined) => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : []);

/**
 * Open311 GeoReport v2 under `/open311/v2`: services (incident categories) and their definitions for
 * everyone; requests (incidents) with an API key: POST creates one through the incident workflow
 * (same grid lookup, deadlines, history and idempotency as POST /api/incidents); GET lists those in
 * the key owner's area (spec filters, 90-day default window) or shows one. `.json` or `.xml`.
 */
export const open311Routes = (deps: AppDeps) => {
  const { db } = deps.database;
  const app = new Hono<AppEnv>().use('/open311/v2/*', open311Errors, apiKey(deps));

  const services = async (c: Ctx) => sendList(c, 'services', 'service', (await open311Services(db)).services.map(toService));
  const list = async (c: Ctx) => {
    const q = open311ListQuerySchema.parse(c.req.query());
    const codes = split(q.service_request_id);
    if (codes.length) return sendList(c, 'service_requests', 'request', (await open311Requests(db, scopeOf(c), { codes, limit: 1000 }, openStatuses)).map(toOpen311));
    const end = q.end_date ? Date.parse(q.end_date) : Date.now();
    const start = q.start_date ? Date.parse(q.start_date) : q.end_date ? end - 90 * dayMs : Date.now() - 90 * dayMs;
    if (start > end) throw new ApiError(400, 'invalid_request', 'start_date is after end_date', 'start_date');
    if (end - start > 90 * dayMs) throw new ApiError(400, 'invalid_request', 'start_date to end_date may not span more than 90 days', 'end_date');
    const filter = {
      categories: split(q.service_code), statuses: split(q.status) as ('open' | 'closed')[],
      from: new Date(start).toISOString(), to: new Date(end).toISOString(), limit: 1000,
    };
    return sendList(c, 'service_requests', 'request', (await open311Requests(db, scopeOf(c), filter, openStatuses)).map(toOpen311));
  };
  const create = async (c: Ctx) => {
    const input = open311CreateRequestSchema.parse(await readForm(c));
    const disputeType = input['attribute[dispute_type]'] || undefined;
    const category = await loadCategory(db, input.service_code, disputeType);
    if (!category) throw new ApiError(400, 'unknown_service', `service_code: unknown service "${input.service_code}" (see services.json)`, 'service_code');
    if (category.group === 'dispute' && !disputeType) {
      throw new ApiError(400, 'invalid_request', `attribute[dispute_type] is required for ${input.service_code} (see services/${input.service_code}.json)`, 'attribute[dispute_type]');
    }
    if (disputeType && (category.group !== 'dispute' || !category.disputeTypeExists)) {
      throw new ApiError(400, 'invalid_request', `attribute[dispute_type]: "${disputeType}" is not a dispute type of ${input.service_code}`, 'attribute[dispute_type]');
    }
    const key = c.req.header('idempotency-key') ?? null;
    if (key !== null && (key.length < 8 || key.length > 200)) throw new ApiError(400, 'invalid_request', 'Idempotency-Key must be 8–200 characters', 'Idempotency-Key');
    const replay = key ? await incidentIdByKey(db, key) : undefined;
    let id = replay;
    if (id === undefined) {
      const description = [input.description, input.address_string && `地址 address: ${input.address_string}`].filter(Boolean).join('\n') || undefined;
      const name = `${input.last_name ?? ''}${input.first_name ?? ''}`.trim() || undefined;
      const body = createIncidentSchema.parse({
        category: input.service_code, disputeType, source: 'hotline', description, reporterName: name,
        reporterPhone: input.phone, location: { lon: input.long, lat: input.lat },
      });
      const principal = c.get('principal');
      const now = new Date();
      const result = await createIncident(db, body, { key, actor: principal.username ?? principal.role, now, record: initialRecord(category.rules, now) });
      if (result.kind === 'outside') throw new ApiError(400, 'outside_city', `lat/long: ${input.lat},${input.long} is in no grid cell of the city`, 'lat');
      id = result.id;
    }
    const code = await incidentCode(db, id);
    const notice = `已受理，请保存编号 ${code} · received, keep the number ${code}`;
    return sendList(c, 'service_requests', 'request', [{ service_request_id: code, service_notice: notice, account_id: input.account_id ?? null }], replay === undefined ? 201 : 200);
  };

  for (const ext of ['json', 'xml']) {
    app.get(`/open311/v2/services.${ext}`, access({ roles: everyone }), services);
    app.get(`/open311/v2/requests.${ext}`, access({ roles: staff, scoped: true }), list);
    app.post(`/open311/v2/requests.${ext}`, access({ roles: staff }), create);
  }
  app.get('/open311/v2/services/:code', access({ roles: everyone }), async (c) => {
    const { id } = splitFormat(c.req.param('code'));
    const { services: all, disputeTypes } = await open311Services(db);
    const service = all.find((s) => s.code === id);
    if (!service) throw new ApiError(404, 'unknown_service', `service_code: unknown service "${id}"`, 'service_code');
    return sendObject(c, 'service_definition', serviceDefinition(service, disputeTypes));
  });
  app.get('/open311/v2/requests/:id', access({ roles: staff, scoped: true }), async (c) => {
    const { id } = splitFormat(c.req.param('id'));
    const rows = id.length > 80 ? [] : await open311Requests(db, scopeOf(c), { codes: [id], limit: 1 }, openStatuses);
    if (!rows.length) throw notFound(`service request ${id}`);
    return sendList(c, 'service_requests', 'request', rows.map(toOpen311));
  });
  return app;
};
