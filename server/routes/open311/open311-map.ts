import { openStatuses, statusLabels } from '../../../core/workflow/machine.ts';
import { toIncident } from '../../../db/queries/incidents.ts';
import type { Open311Row, ServiceRow } from '../../../db/queries/open311.ts';
import type { Open311Request } from '../../../core/contracts/open311.ts';

/** Pure mappings between our incidents/categories and Open311 GeoReport v2 objects. */

/**
 * A W3C date-time in China Standard Time (+08:00), the city's clock, as GeoReport clients show it.
 *
 * @example
 * cst('2024-03-01T00:00:00.000Z') // '2024-03-01T08:00:00+08:00'
 */
export function cst(iso: string): string;
export function cst(iso: string | null): string | null;
export function cst(iso: string | null): string | null {
  if (iso === null) return null;
  return `${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

const assigneeLabels: Record<string, string> = { grid_worker: '网格员 grid worker', mediation_site: '调解点 mediation site', department: '部门 department' };

/**
 * Workflow status → Open311 open/closed, with the detail (stage, assignee, deadline, overdue,
 * rework, mediation result) in status_notes.
 *
 * @example
 * statusOf({ status: 'dispatched', overdue: true, ... }) // { status: 'open', notes: '派遣 Dispatched · … · 超期 overdue' }
 */
export function statusOf(incident: ReturnType<typeof toIncident>): { status: 'open' | 'closed'; notes: string } {
  const label = statusLabels[incident.status];
  const notes = [`${label.zh} ${label.en}`];
  if (incident.assignee) notes.push(`${assigneeLabels[incident.assignee.kind] ?? incident.assignee.kind} ${incident.assignee.code}`);
  if (incident.stageDueAt) notes.push(`本环节时限 stage due ${cst(incident.stageDueAt)}`);
  if (incident.overdue) notes.push('超期 overdue');
  if (incident.reworkCount > 0) notes.push(`返工 rework ×${incident.reworkCount}`);
  if (incident.resolved !== null) notes.push(incident.resolved ? '已化解 resolved' : '未化解 not resolved');
  if (incident.status === 'rejected') notes.push('不予立案，案件关闭 not registered, case closed');
  return { status: openStatuses.includes(incident.status) ? 'open' : 'closed', notes: notes.join(' · ') };
}

/**
 * An incident row as an Open311 service request (no reporter data: GeoReport has no such field);
 * `mediaUrl` is the absolute URL of its first photo, if it has one.
 */
export function toOpen311(row: Open311Row, mediaUrl: string | null = null): Open311Request {
  const incident = toIncident(row);
  const { status, notes } = statusOf(incident);
  return {
    service_request_id: incident.code,
    status,
    status_notes: notes,
    service_name: row.serviceName,
    service_code: incident.category,
    description: incident.description,
    agency_responsible: incident.assignee ? `${assigneeLabels[incident.assignee.kind] ?? incident.assignee.kind} ${incident.assignee.code}` : null,
    service_notice: null,
    requested_datetime: cst(incident.reportedAt),
    updated_datetime: cst(incident.updatedAt),
    expected_datetime: cst(incident.dueAt ?? incident.stageDueAt),
    address: row.place,
    address_id: incident.gridCode,
    zipcode: null,
    lat: incident.location.lat,
    long: incident.location.lon,
    media_url: mediaUrl,
  };
}

/** A category as an Open311 service; disputes have metadata (the dispute_type attribute). */
export function toService(row: ServiceRow) {
  return {
    service_code: row.code,
    service_name: row.nameZh,
    description: `${row.nameZh} ${row.nameEn}`,
    metadata: row.group === 'dispute',
    type: 'realtime' as const,
    keywords: row.nameEn.toLowerCase(),
    group: row.group,
  };
}

/** The service definition: disputes need the justice-bureau dispute type. */
export function serviceDefinition(row: ServiceRow, disputeTypes: { code: string; nameZh: string; nameEn: string }[]) {
  const attributes =
    row.group !== 'dispute'
      ? []
      : [
          {
            variable: true,
            code: 'dispute_type',
            datatype: 'singlevaluelist' as const,
            required: true,
            datatype_description: '选择一项 choose one',
            order: 1,
            description: '纠纷类型 Dispute type',
            values: disputeTypes.map((t) => ({ key: t.code, name: `${t.nameZh} ${t.nameEn}` })),
          },
        ];
  return { service_code: row.code, attributes };
}
