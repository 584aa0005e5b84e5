import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { CreateIncident, Incident, IncidentEvent } from '../../core/contracts/incidents.ts';
import { openStatuses } from '../../core/workflow/machine.ts';
import type { CaseRecord, StageRules } from '../../core/workflow/plan.ts';

/** `status IN (open statuses)` for an incidents alias; overdue = open and past the stage deadline. */
export const openCondition = (alias = 'i') => sql.raw(`${alias}.status IN (${openStatuses.map((s) => `'${s}'`).join(',')})`);

/**
 * The deadline the case is judged against now: the stage deadline, or for rows imported without one
 * (historical data) the case deadline.
 */
export const stageDeadlineSql = (alias = 'i') => sql.raw(`coalesce(${alias}.stage_due_at, ${alias}.due_at)`);
/** Open and past its current deadline. */
export const overdueCondition = (alias = 'i') => sql`(${openCondition(alias)} AND coalesce(${stageDeadlineSql(alias)} < now(), false))`;

/** The incident columns every read returns, with the API's names (personal fields still clear). */
export const incidentColumns = (alias = 'i'): SQL => {
  const a = sql.raw(alias);
  return sql`${a}.id, ${a}.code, ${a}.category,
    (SELECT c."group" FROM incident_categories c WHERE c.code = ${a}.category) AS "categoryGroup",
    ${a}.dispute_type AS "disputeType", ${a}.status, ${a}.source, ${a}.description,
    ${a}.reporter_name AS "reporterName", ${a}.reporter_phone AS "reporterPhone", ${a}.resolved,
    ${a}.rework_count AS "reworkCount", ${a}.extended, ${a}.extension_requested_days AS "extensionRequestedDays",
    ${a}.escalation_level AS "escalationLevel",
    ${overdueCondition(alias)} AS overdue,
    ${a}.assignee_kind AS "assigneeKind", ${a}.assignee_code AS "assigneeCode", ${a}.satisfaction,
    ${a}.occurred_at AS "occurredAt", ${a}.reported_at AS "reportedAt", ${a}.dispatched_at AS "dispatchedAt",
    ${a}.due_at AS "dueAt", ${a}.stage_due_at AS "stageDueAt", ${a}.escalate_at AS "escalateAt",
    ${a}.closed_at AS "closedAt", ${a}.updated_at AS "updatedAt",
    ${a}.grid_code AS "gridCode", ${a}.community_code AS "communityCode", ${a}.street_code AS "streetCode",
    ${a}.district_code AS "districtCode", ST_X(${a}.geom) AS lon, ST_Y(${a}.geom) AS lat`;
};

export type IncidentRow = Omit<Incident, 'assignee' | 'location' | `${string}At`> & {
  assigneeKind: string | null;
  assigneeCode: string | null;
  lon: number;
  lat: number;
  // timestamps arrive as text from db.execute (see asDate)
  occurredAt: Date | string;
  reportedAt: Date | string;
  dispatchedAt: Date | string | null;
  dueAt: Date | string | null;
  stageDueAt: Date | string | null;
  escalateAt: Date | string | null;
  closedAt: Date | string | null;
  updatedAt: Date | string;
};

/**
 * A timestamptz from `db.execute` as a Date: Drizzle's node-postgres session returns timestamps as the
 * server's text ("2024-03-04 09:00:00.123+08"), which Date.parse does not accept everywhere.
 *
 * @example
 * asDate('2024-03-04 09:00:00+08') // 2024-03-04T01:00:00.000Z
 */
export function asDate(value: Date | string): Date;
export function asDate(value: Date | string | null): Date | null;
export function asDate(value: Date | string | null): Date | null {
  if (value === null || value instanceof Date) return value;
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`unparseable timestamp ${value}`);
  return date;
}
const isoOrNull = (d: Date | string | null) => (d ? asDate(d).toISOString() : null);

/** Row → API shape (personal fields are masked later, by the route, per role). */
export function toIncident(row: IncidentRow): Incident {
  const { assigneeKind, assigneeCode, lon, lat, escalateAt: _e, ...rest } = row;
  return {
    ...rest,
    assignee: assigneeKind ? { kind: assigneeKind as never, code: assigneeCode ?? '' } : null,
    location: { lon, lat },
    occurredAt: asDate(row.occurredAt).toISOString(),
    reportedAt: asDate(row.reportedAt).toISOString(),
    dispatchedAt: isoOrNull(row.dispatchedAt),
    dueAt: isoOrNull(row.dueAt),
    stageDueAt: isoOrNull(row.stageDueAt),
    closedAt: isoOrNull(row.closedAt),
    updatedAt: asDate(row.updatedAt).toISOString(),
  };
}

/** The workflow columns of a row, as the planner wants them. */
export const toCaseRecord = (row: IncidentRow): CaseRecord => ({
  status: row.status,
  reworkCount: row.reworkCount,
  extended: row.extended,
  extensionRequestedDays: row.extensionRequestedDays,
  dispatchedAt: asDate(row.dispatchedAt),
  dueAt: asDate(row.dueAt),
  stageDueAt: asDate(row.stageDueAt),
  escalateAt: asDate(row.escalateAt),
  escalationLevel: row.escalationLevel,
  closedAt: asDate(row.closedAt),
  resolved: row.resolved,
  assigneeKind: row.assigneeKind,
  assigneeCode: row.assigneeCode,
  satisfaction: row.satisfaction,
});

export interface CategoryInfo {
  group: string;
  disputeTypeExists: boolean;
  rules: StageRules;
}

/**
 * A category from the registry with its deadline rules (own rows over the '*' defaults), and whether
 * the given dispute type exists; undefined for an unknown category.
 *
 * @example
 * const info = await loadCategory(db, 'dispute', 'neighbour'); // info.rules.handle → 7 work_days
 */
export async function loadCategory(db: Db, category: string, disputeType?: string | null): Promise<CategoryInfo | undefined> {
  const result = await db.execute<{
    group: string;
    disputeTypeExists: boolean;
    rules: Record<string, { amount: string; unit: string; escalateAfter: string }>;
  }>(sql`
    SELECT c."group",
      EXISTS (SELECT 1 FROM dispute_types d WHERE d.code = ${disputeType ?? null}) AS "disputeTypeExists",
      (SELECT json_object_agg(stage, json_build_object('amount', amount, 'unit', unit, 'escalateAfter', escalate_after))
         FROM (SELECT DISTINCT ON (stage) stage, amount, unit, escalate_after FROM deadline_rules
               WHERE category IN (c.code, '*') ORDER BY stage, (category = '*')) r) AS rules
    FROM incident_categories c WHERE c.code = ${category}`);
  const row = result.rows[0];
  if (!row) return undefined;
  const rules = Object.fromEntries(
    Object.entries(row.rules ?? {}).map(([stage, r]) => [stage, { amount: Number(r.amount), unit: r.unit, escalateAfter: Number(r.escalateAfter) }]),
  ) as unknown as StageRules;
  for (const stage of ['register', 'dispatch', 'handle', 'verify'] as const) {
    if (!rules[stage]) throw new Error(`deadline_rules has no '${stage}' rule for ${category} and no '*' default`);
  }
  return { group: row.group, disputeTypeExists: row.disputeTypeExists, rules };
}

/** The incident with this idempotency key of a server-side reporter (owner ''), if any. */
export async function incidentIdByKey(db: Db, key: string): Promise<number | undefined> {
  return (await incidentByKey(db, '', key))?.id;
}

/**
 * The incident reported with this idempotency key by this owner, and the hash of the request that
 * created it.
 *
 * @example
 * const first = await incidentByKey(db, 'u42', 'report-7f3a'); // { id: 1234, hash: '9c1e…' }
 */
export async function incidentByKey(db: Db, owner: string, key: string): Promise<{ id: number; hash: string | null } | undefined> {
  const result = await db.execute<{ id: number; hash: string | null }>(
    sql`SELECT id, idempotency_hash AS hash FROM incidents WHERE idempotency_owner = ${owner} AND idempotency_key = ${key}`,
  );
  const row = result.rows[0];
  return row ? { id: Number(row.id), hash: row.hash } : undefined;
}

/** SQL for the live-event payload of incident alias `i` (no personal data: it goes to every screen). */
export const livePayload = (action: SQL | string) => sql`json_build_object(
  'id', i.id, 'code', i.code, 'category', i.category, 'status', i.status, 'action', ${action}::text,
  'lon', ST_X(i.geom), 'lat', ST_Y(i.geom), 'reportedAt', i.reported_at, 'dueAt', i.due_at,
  'stageDueAt', i.stage_due_at, 'escalationLevel', i.escalation_level,
  'overdue', ${overdueCondition('i')},
  'gridCode', i.grid_code, 'communityCode', i.community_code, 'streetCode', i.street_code, 'districtCode', i.district_code)`;

/** `created` carries the new row and its first history event (the API answers without reading again). */
export type CreateResult =
  | { kind: 'created'; id: number; row: IncidentRow; event: IncidentEvent }
  /** sameRequest: false when the key's first report had another body (`keyHash` differs) */
  | { kind: 'existing'; id: number; sameRequest: boolean }
  | { kind: 'outside' };

/**
 * Inserts a reported incident in ONE statement: grid lookup (point in grid, lowest code wins on shared
 * edges), the incident, its first history event and the live event + NOTIFY, returning the new row. A concurrent insert with
 * the same idempotency key of the same owner waits on the unique index and then yields to the first
 * (ON CONFLICT); `keyHash` (of the request body) tells a retry from a different request under that key.
 *
 * @example
 * const r = await createIncident(db, body, { key, actor: 'gw001', now: new Date(), record });
 */
export async function createIncident(
  db: Db,
  input: CreateIncident,
  options: { key: string | null; keyOwner?: string; keyHash?: string | null; actor: string; now: Date; record: CaseRecord },
): Promise<CreateResult> {
  const { key, actor, now, record } = options;
  const keyOwner = options.keyOwner ?? '';
  const keyHash = key === null ? null : (options.keyHash ?? null);
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  const result = await db.execute<{ grid: string | null; id: number | null; incident: IncidentRow | null; event: (IncidentEvent & { at: string }) | null }>(sql`
    WITH pt AS (SELECT ST_SetSRID(ST_MakePoint(${input.location.lon}, ${input.location.lat}), 4326) AS g),
    cell AS (
      SELECT gc.code FROM grid_cells gc, pt WHERE ST_Intersects(gc.geom, pt.g) ORDER BY gc.code LIMIT 1
    ),
    seq AS (SELECT nextval(pg_get_serial_sequence('incidents', 'id')) AS id),
    ins AS (
      INSERT INTO incidents (id, code, category, dispute_type, status, source, description, reporter_name,
        reporter_phone, occurred_at, reported_at, grid_code, community_code, street_code, district_code,
        idempotency_key, idempotency_owner, idempotency_hash, geom, stage_due_at, escalate_at, updated_at)
      SELECT seq.id, 'SJ' || to_char(${now}::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(seq.id::text, 8, '0'),
        ${input.category}::text, ${input.disputeType ?? null}::text, 'reported', ${input.source}::text,
        ${input.description ?? null}::text, ${input.reporterName ?? null}::text, ${input.reporterPhone ?? null}::text,
        ${occurredAt}::timestamptz, ${now}::timestamptz, cell.code, left(cell.code, 12), left(cell.code, 9),
        left(cell.code, 6), ${key}::text, ${keyOwner}::text, ${keyHash}::text, pt.g, ${record.stageDueAt}::timestamptz, ${record.escalateAt}::timestamptz,
        ${now}::timestamptz
      FROM cell, pt, seq
      ON CONFLICT (idempotency_owner, idempotency_key) DO NOTHING
      RETURNING *
    ),
    ev AS (
      INSERT INTO incident_events (incident_id, action, from_status, to_status, actor, detail, at)
      SELECT id, 'report', NULL, 'reported', ${actor}::text, json_build_object('source', source), ${now}::timestamptz FROM ins
      RETURNING id, action, from_status AS "fromStatus", to_status AS "toStatus", actor, note, detail, at
    ),
    live AS (
      INSERT INTO live_events (kind, incident_id, grid_code, community_code, street_code, district_code, payload)
      SELECT 'created', i.id, i.grid_code, i.community_code, i.street_code, i.district_code, ${livePayload('report')}
      FROM ins i RETURNING id
    )
    SELECT (SELECT code FROM cell) AS grid, (SELECT id FROM ins) AS id,
      (SELECT to_json(x) FROM (SELECT ${incidentColumns('i')} FROM ins i) x) AS incident,
      (SELECT to_json(e) FROM ev e) AS event,
      (SELECT pg_notify('live_events', id::text) FROM live) AS notified`);
  const row = result.rows[0]!;
  if (row.grid === null) return { kind: 'outside' };
  if (row.id !== null) {
    const event = row.event!;
    return { kind: 'created', id: row.id, row: row.incident!, event: { ...event, at: asDate(event.at).toISOString() } };
  }
  const existing = key ? await incidentByKey(db, keyOwner, key) : undefined;
  if (existing === undefined) throw new Error('incident insert returned nothing without a conflict');
  // rows stored before hashes were kept (hash null) replay as before
  const sameRequest = existing.hash === null || keyHash === null || existing.hash === keyHash;
  return { kind: 'existing', id: existing.id, sameRequest };
}

/**
 * Whether a dispatch target exists: a grid worker (grid_workers.code) or a mediation site (a mediation
 * point, mediation room or governance center in sites) or a functional department (departments, migration 0014).
 *
 * @example
 * await assigneeExists(db, { kind: 'grid_worker', code: 'GW21010300100101' })
 */
export async function assigneeExists(db: Db, assignee: { kind: string; code: string }): Promise<boolean> {
  const query =
    assignee.kind === 'department'
      ? sql`SELECT EXISTS (SELECT 1 FROM departments WHERE code = ${assignee.code}) AS found`
      : assignee.kind === 'grid_worker'
        ? sql`SELECT EXISTS (SELECT 1 FROM grid_workers WHERE code = ${assignee.code}) AS found`
        : sql`SELECT EXISTS (SELECT 1 FROM sites WHERE code = ${assignee.code}
              AND kind IN ('mediation_point', 'mediation_room', 'governance_center')) AS found`;
  const result = await db.execute<{ found: boolean }>(query);
  return result.rows[0]!.found;
}
