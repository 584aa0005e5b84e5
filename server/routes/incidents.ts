import { Hono, type Context } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { access, publicPrincipal, staff, type Principal } from '../access/policy.ts';
import { readJson } from '../access/body.ts';
import { maskPersonal } from '../access/mask.ts';
import { inScope, notFound } from '../access/scope.ts';
import { ApiError } from '../middleware/errors.ts';
import {
  createIncidentSchema,
  listIncidentsQuerySchema,
  type Incident,
  type IncidentDetail,
  type IncidentList,
} from '../contracts/incidents.ts';
import { createIncident, loadCategory, toIncident } from '../../db/queries/incidents.ts';
import { decodeCursor, findIncident, incidentHistory, listIncidents } from '../../db/queries/incidents-read.ts';
import { incidentScopeColumns } from '../../db/queries/incidents-area.ts';
import { scopeCondition } from '../../db/queries/scope.ts';
import { allowedActions } from '../workflow/machine.ts';
import { initialRecord } from '../workflow/plan.ts';
import { incidentActionRoutes } from './incidents-actions.ts';

export const principalOf = (c: Context<AppEnv>): Principal => c.get('principal') ?? publicPrincipal;
/** Who is written into incident_events.actor. */
export const actorOf = (p: Principal) => p.username ?? p.workerCode ?? p.role;
export const incidentScope = (p: Principal) => scopeCondition(p, incidentScopeColumns('i'));
export const masked = (p: Principal, incident: Incident) =>
  maskPersonal(p, incident, { reporterName: 'name', reporterPhone: 'phone' });

/**
 * Loads one incident inside the caller's area as the API shape with history and the caller's allowed
 * actions; 404 when missing or out of scope.
 */
export async function incidentDetail({ database }: AppDeps, principal: Principal, id: number): Promise<IncidentDetail> {
  const row = await findIncident(database.db, id, incidentScope(principal));
  if (!row) throw notFound(`incident ${id}`);
  const incident = masked(principal, toIncident(row));
  const state = { status: row.status, reworkCount: row.reworkCount, extended: row.extended, extensionPending: row.extensionRequestedDays !== null };
  return { ...incident, history: await incidentHistory(database.db, id), allowedActions: allowedActions(state, principal.role) };
}

export const parseId = (raw: string) => {
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(400, 'invalid_id', 'incident id must be a positive integer', 'id');
  return Number(raw);
};

/**
 * `/api/incidents`: report (idempotent), list (filters + keyset cursor), detail with history, and the
 * workflow actions. Lists and details are scoped to the caller's area in SQL; reporter data masked.
 */
export const incidentRoutes = (deps: AppDeps) =>
  new Hono<AppEnv>()
    .post('/incidents', access({ roles: staff, scoped: true, personal: true }), async (c) => {
      const principal = principalOf(c);
      const body = await readJson(c, createIncidentSchema);
      const key = c.req.header('idempotency-key') ?? body.idempotencyKey ?? null;
      if (key !== null && (key.length < 8 || key.length > 200)) {
        throw new ApiError(400, 'invalid_request', 'idempotency key must be 8–200 characters', 'idempotencyKey');
      }
      const db = deps.database.db;
      // A reporter outside their own area may report (a worker passing by) but sees the case only in scope.
      const reply = async (id: number, status: 200 | 201) => {
        const detail = await incidentDetail(deps, principal, id).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return undefined;
          throw error;
        });
        return detail ? c.json(detail, status) : c.json({ id, status: 'reported' as const }, status);
      };

      const category = await loadCategory(db, body.category, body.disputeType);
      if (!category) throw new ApiError(400, 'unknown_category', `unknown category ${body.category}`, 'category');
      if (category.group === 'dispute' && !body.disputeType) {
        throw new ApiError(400, 'invalid_request', 'a dispute needs disputeType', 'disputeType');
      }
      if (body.disputeType && category.group !== 'dispute') {
        throw new ApiError(400, 'invalid_request', `disputeType only applies to dispute categories, not ${body.category}`, 'disputeType');
      }
      if (body.disputeType && !category.disputeTypeExists) {
        throw new ApiError(400, 'unknown_dispute_type', `unknown dispute type ${body.disputeType}`, 'disputeType');
      }
      const now = new Date();
      const result = await createIncident(db, body, { key, actor: actorOf(principal), now, record: initialRecord(category.rules, now) });
      if (result.kind === 'outside') {
        throw new ApiError(422, 'outside_city', `location ${body.location.lon},${body.location.lat} is in no grid cell of the city`, 'location');
      }
      if (result.kind === 'existing') return reply(result.id, 200);
      // New: answered from the insert's own RETURNING (no second read on the hot path).
      const incident = toIncident(result.row);
      if (!inScope(principal, incident.gridCode)) return c.json({ id: result.id, status: 'reported' as const }, 201);
      const state = { status: incident.status, reworkCount: 0, extended: false, extensionPending: false };
      const detail: IncidentDetail = { ...masked(principal, incident), history: [result.event], allowedActions: allowedActions(state, principal.role) };
      return c.json(detail, 201);
    })
    .get('/incidents', access({ roles: staff, scoped: true, personal: true }), async (c) => {
      const principal = principalOf(c);
      const query = listIncidentsQuerySchema.parse(c.req.query());
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      if (query.cursor && !cursor) throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API returned', 'cursor');
      const page = await listIncidents(deps.database.db, incidentScope(principal), { ...query, cursor });
      const body: IncidentList = { items: page.rows.map((row) => masked(principal, toIncident(row))), nextCursor: page.nextCursor };
      return c.json(body);
    })
    .get('/incidents/:id', access({ roles: staff, scoped: true, personal: true }), async (c) =>
      c.json(await incidentDetail(deps, principalOf(c), parseId(c.req.param('id')))),
    )
    .route('/', incidentActionRoutes(deps));
