import * as authAudit from '../../../core/contracts/auth-audit.ts';
import * as auth from '../../../core/contracts/auth.ts';
import * as errors from '../../../core/contracts/errors.ts';
import * as exportFiles from '../../../core/contracts/exports.ts';
import * as field from '../../../core/contracts/field.ts';
import * as geojson from '../../../core/contracts/geojson.ts';
import * as incidents from '../../../core/contracts/incidents.ts';
import * as kpis from '../../../core/contracts/kpis.ts';
import * as mapStyle from '../../../core/contracts/map-style.ts';
import * as map from '../../../core/contracts/map.ts';
import * as ogcDocuments from '../../../core/contracts/ogc-documents.ts';
import * as ogc from '../../../core/contracts/ogc.ts';
import * as openapi from '../../../core/contracts/openapi.ts';
import * as open311 from '../../../core/contracts/open311.ts';
import * as planningSiting from '../../../core/contracts/planning-siting.ts';
import * as planning from '../../../core/contracts/planning.ts';
import * as system from '../../../core/contracts/system.ts';

/** `createIncidentSchema` → `CreateIncident`; names without the suffix are only capitalised. */
export const pascal = (name: string) => name.replace(/Schema$/, '').replace(/^./, (c) => c.toUpperCase());

// In file-name order: on a clash of export names the earlier module keeps the plain name.
const modules: [string, Record<string, unknown>][] = [
  ['authAudit', authAudit],
  ['auth', auth],
  ['errors', errors],
  ['exports', exportFiles],
  ['field', field],
  ['geojson', geojson],
  ['incidents', incidents],
  ['kpis', kpis],
  ['mapStyle', mapStyle],
  ['map', map],
  ['ogcDocuments', ogcDocuments],
  ['ogc', ogc],
  ['openapi', openapi],
  ['open311', open311],
  ['planningSiting', planningSiting],
  ['planning', planning],
  ['system', system],
];

/**
 * Component names of the contract schemas: the export name without `Schema`. Two modules may export
 * different schemas under one name (map and planning both have `coverageResponseSchema`); the later
 * one is prefixed with its module (`PlanningCoverageResponse`), so no route's `$ref` points at
 * another route's schema.
 */
const names = new Map<unknown, string>();
const taken = new Set<string>();
for (const [module, exported] of modules) {
  for (const [name, value] of Object.entries(exported)) {
    if (!name.endsWith('Schema') || names.has(value)) continue;
    const plain = pascal(name);
    const unique = taken.has(plain) ? `${pascal(module)}${plain}` : plain;
    names.set(value, unique);
    taken.add(unique);
  }
}

/**
 * The component name of a contract schema, if it is one.
 *
 * @example
 * contractName(createIncidentSchema) // 'CreateIncident'
 */
export const contractName = (schema: unknown): string | undefined => names.get(schema);
