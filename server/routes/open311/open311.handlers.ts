import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { notFound } from '../../access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import { createIncidentSchema } from '../../../core/contracts/incidents.ts';
import { openStatuses } from '../../../core/workflow/machine.ts';
import { initialRecord } from '../../../core/workflow/plan.ts';
import { createIncident, incidentByKey, loadCategory } from '../../../db/queries/incidents.ts';
import { idempotencyConflict, idempotencyKeyOf, requestHash, idempotencyOwner } from '../../access/idempotency.ts';
import { incidentScopeColumns } from '../../../db/queries/incidents-area.ts';
import { scopeCondition } from '../../../db/queries/scope.ts';
import { incidentCode, open311Requests, open311Services, type Open311Row } from '../../../db/queries/open311.ts';
import { attachmentsOf } from '../../../db/queries/attachments.ts';
import { attachmentUrl } from '../../../core/contracts/attachments.ts';
import { baseUrl } from '../ogc/negotiate.ts';
import type { RouteHandler } from '../declare.ts';
import { sendList, sendObject, splitFormat } from './open311-format.ts';
import { readForm } from './open311-form.ts';
import { mediaLine, mediaUrlOf, readMediaUrl } from './open311-media.ts';
import { reportLocation } from './open311-geocode.ts';
import { serviceDefinition, toOpen311, toService } from './open311-map.ts';
import { createRequestRoutes, type listRequestsRoutes, type serviceDefinitionRoute, type servicesRoutes, type showRequestRoute } from './open311.routes.ts';

const dayMs = 86_400_000;
// Request codes are short; a longer one cannot exist, so it is not looked up.
const maxCodeLength = 80;
const scopeOf = (c: Context<AppEnv>) => scopeCondition(callerOf(c), incidentScopeColumns('i'));
const split = (value: string | undefined) =>
  value
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];

/** Rows as requests whose media_url is the first photo of the case (report photos first), absolute. */
async function withMedia(deps: AppDeps, c: Context<AppEnv>, rows: Open311Row[]) {
  const photos = await attachmentsOf(
    deps.database.db,
    rows.map((row) => row.id),
  );
  const base = baseUrl(c, deps.env);
  return rows.map((row) => {
    const first = photos.get(row.id)?.[0];
    return toOpen311(row, first === undefined ? mediaUrlOf(row.description) : `${base}${attachmentUrl(first.id)}`);
  });
}

/** Lists the services: the incident categories. */
export const listServices =
  (deps: AppDeps): RouteHandler<typeof servicesRoutes.json> =>
  async (c) =>
    sendList(c, 'services', 'service', (await open311Services(deps.database.db)).services.map(toService));

/**
 * Lists the requests in the key owner's area: the ones named by service_request_id, else those the
 * spec's filters select within a window of at most 90 days (default: the last 90).
 */
export const listRequests =
  (deps: AppDeps): RouteHandler<typeof listRequestsRoutes.json> =>
  async (c, { query: q }) => {
    const { db } = deps.database;
    const codes = split(q.service_request_id);
    if (codes.length)
      return sendList(c, 'service_requests', 'request', await withMedia(deps, c, await open311Requests(db, scopeOf(c), { codes, limit: 1000 }, openStatuses)));
    const end = q.end_date ? Date.parse(q.end_date) : Date.now();
    const start = q.start_date ? Date.parse(q.start_date) : q.end_date ? end - 90 * dayMs : Date.now() - 90 * dayMs;
    if (start > end) throw new ApiError(400, 'invalid_request', 'start_date is after end_date', 'start_date');
    if (end - start > 90 * dayMs) throw new ApiError(400, 'invalid_request', 'start_date to end_date may not span more than 90 days', 'end_date');
    const filter = {
      categories: split(q.service_code),
      statuses: split(q.status) as ('open' | 'closed')[],
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
      limit: 1000,
    };
    return sendList(c, 'service_requests', 'request', await withMedia(deps, c, await open311Requests(db, scopeOf(c), filter, openStatuses)));
  };

/**
 * Reports a request through the incident workflow (same grid lookup, deadlines, history and
 * idempotency as POST /api/incidents); a repeated Idempotency-Key answers the first report with 200.
 */
export const createRequest =
  (deps: AppDeps): RouteHandler<typeof createRequestRoutes.json> =>
  async (c) => {
    const { db } = deps.database;
    // form fields, so the declared schema is applied here rather than by mount
    const fields = await readForm(c);
    const input = createRequestRoutes.json.body.parse(fields);
    const location = await reportLocation(deps.database, input);
    const mediaUrl = readMediaUrl(input.media_url);
    const disputeType = input['attribute[dispute_type]'] || undefined;
    const category = await loadCategory(db, input.service_code, disputeType);
    if (!category) throw new ApiError(400, 'unknown_service', `service_code: unknown service "${input.service_code}" (see services.json)`, 'service_code');
    if (category.group === 'dispute' && !disputeType) {
      throw new ApiError(
        400,
        'invalid_request',
        `attribute[dispute_type] is required for ${input.service_code} (see services/${input.service_code}.json)`,
        'attribute[dispute_type]',
      );
    }
    if (disputeType && (category.group !== 'dispute' || !category.disputeTypeExists)) {
      throw new ApiError(
        400,
        'invalid_request',
        `attribute[dispute_type]: "${disputeType}" is not a dispute type of ${input.service_code}`,
        'attribute[dispute_type]',
      );
    }
    // caller-scoped key; the same key with other fields is a 409 (server/access/idempotency.ts)
    const key = idempotencyKeyOf(c.req.header('idempotency-key'), null, 'Idempotency-Key');
    const keyOwner = idempotencyOwner(callerOf(c));
    const keyHash = key === null ? null : requestHash({ ...input, api_key: undefined });
    const first = key ? await incidentByKey(db, keyOwner, key) : undefined;
    if (first && first.hash !== null && first.hash !== keyHash) throw idempotencyConflict('Idempotency-Key');
    const replay = first?.id;
    let id = replay;
    if (id === undefined) {
      const description =
        [input.description, input.address_string && `地址 address: ${input.address_string}`, mediaUrl && mediaLine(mediaUrl)].filter(Boolean).join('\n') ||
        undefined;
      const name = `${input.last_name ?? ''}${input.first_name ?? ''}`.trim() || undefined;
      const body = createIncidentSchema.parse({
        category: input.service_code,
        disputeType,
        source: 'hotline',
        description,
        reporterName: name,
        reporterPhone: input.phone,
        location,
      });
      const principal = callerOf(c);
      const now = new Date();
      const result = await createIncident(db, body, {
        key,
        keyOwner,
        keyHash,
        actor: principal.username ?? principal.role,
        now,
        record: initialRecord(category.rules, now),
      });
      if (result.kind === 'existing' && !result.sameRequest) throw idempotencyConflict('Idempotency-Key');
      if (result.kind === 'outside') throw new ApiError(400, 'outside_city', `lat/long: ${location.lat},${location.lon} is in no grid cell of the city`, 'lat');
      id = result.id;
    }
    const code = await incidentCode(db, id);
    const notice = `已受理，请保存编号 ${code} · received, keep the number ${code}`;
    return sendList(
      c,
      'service_requests',
      'request',
      [{ service_request_id: code, service_notice: notice, account_id: input.account_id ?? null }],
      replay === undefined ? 201 : 200,
    );
  };

/** Shows a service's definition: the attributes a report of it needs (disputes: the dispute type). */
export const showServiceDefinition =
  (deps: AppDeps): RouteHandler<typeof serviceDefinitionRoute> =>
  async (c) => {
    const { id } = splitFormat(c.req.param('code') ?? '');
    const { services: all, disputeTypes } = await open311Services(deps.database.db);
    const service = all.find((s) => s.code === id);
    if (!service) throw new ApiError(404, 'unknown_service', `service_code: unknown service "${id}"`, 'service_code');
    return sendObject(c, 'service_definition', serviceDefinition(service, disputeTypes));
  };

/** Shows one request in the key owner's area (as a one-element list, like the spec). */
export const showRequest =
  (deps: AppDeps): RouteHandler<typeof showRequestRoute> =>
  async (c) => {
    const { id } = splitFormat(c.req.param('id') ?? '');
    const rows = id.length > maxCodeLength ? [] : await open311Requests(deps.database.db, scopeOf(c), { codes: [id], limit: 1 }, openStatuses);
    if (!rows.length) throw notFound(`service request ${id}`);
    return sendList(c, 'service_requests', 'request', await withMedia(deps, c, rows));
  };
