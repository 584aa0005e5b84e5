import { getTableColumns, getTableName, type Column } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { createInsertSchema } from 'drizzle-zod';
import { z } from 'zod';
import * as schema from '../../db/schema/index.ts';
import type { GeometryKind } from './geometry.ts';
import type { ValueKind } from './values.ts';

/** Importable entities, in an order that satisfies every foreign key. */
export const importEntities = [
  'districts',
  'streets',
  'communities',
  'grid_workers',
  'grid_cells',
  'compounds',
  'sites',
  'site_served_communities',
  'volunteer_teams',
  'volunteers',
  'incidents',
] as const;
export type ImportEntity = (typeof importEntities)[number];

export interface ColumnSpec {
  /** snake_case, as in the table and the files */
  name: string;
  /** camelCase key of the Drizzle column (and of the zod schema) */
  key: string;
  kind: ValueKind;
  /** NOT NULL without a default: the file must give a value */
  required: boolean;
  /** literal default applied to an absent/empty value */
  fallback?: unknown;
  /** SQL default (e.g. now()) applied in the INSERT to an absent/empty value */
  sqlFallback?: string;
}

export interface EntitySpec {
  entity: ImportEntity;
  table: string;
  columns: ColumnSpec[];
  geometry: GeometryKind | null;
  /** column sets that must be unique (primary key, unique columns) */
  unique: string[][];
  /** validates one row keyed by camelCase column keys; mirrors the table's CHECK constraints */
  schema: z.ZodType<Record<string, unknown>>;
}

const tables: Record<ImportEntity, PgTable> = {
  districts: schema.districts,
  streets: schema.streets,
  communities: schema.communities,
  grid_workers: schema.gridWorkers,
  grid_cells: schema.gridCells,
  compounds: schema.compounds,
  sites: schema.sites,
  site_served_communities: schema.siteServedCommunities,
  volunteer_teams: schema.volunteerTeams,
  volunteers: schema.volunteers,
  incidents: schema.incidents,
};

const digits = (n: number) => z.string().regex(new RegExp(`^[0-9]{${n}}$`), `must be ${n} digits`);
const nonNegative = z.number().int().min(0, 'must be ≥ 0').max(2_147_483_647);
const prefixed = (row: Record<string, unknown>, ctx: z.RefinementCtx) => {
  const code = row.code as string;
  const parent = row.parentCode as string;
  if (typeof code === 'string' && typeof parent === 'string' && !code.startsWith(parent)) {
    ctx.addIssue({ code: 'custom', path: ['code'], message: `must start with parent_code "${parent}"` });
  }
};

// The CHECK constraints of db/schema, restated so a bad row is reported with its line instead of as a failed batch.
const refinements: Partial<Record<ImportEntity, { columns: Record<string, z.ZodType>; row?: typeof prefixed }>> = {
  districts: { columns: { code: digits(6) } },
  streets: { columns: { code: digits(9), kind: z.enum(['subdistrict', 'town', 'township', 'other']) }, row: prefixed },
  communities: { columns: { code: digits(12), kind: z.enum(['community', 'village', 'other']) }, row: prefixed },
  grid_cells: {
    columns: { code: digits(14), kind: z.enum(['general', 'dedicated']), households: nonNegative, population: nonNegative },
    row: (row, ctx) => {
      prefixed(row, ctx);
      if ((row.kind === 'dedicated') !== (row.dedicatedType != null)) {
        ctx.addIssue({ code: 'custom', path: ['dedicatedType'], message: 'is required for dedicated grids and must be empty for general ones' });
      }
    },
  },
  compounds: { columns: { households: nonNegative, population: nonNegative } },
  grid_workers: { columns: { employment: z.enum(['full_time', 'part_time']) } },
  incidents: {
    columns: {
      status: z.enum(['reported', 'registered', 'rejected', 'dispatched', 'handling', 'feedback', 'verifying', 'closed', 'evaluated']),
      source: z.enum(['grid_worker', 'video', 'public', 'hotline', 'higher_level']),
      reworkCount: nonNegative,
    },
  },
};

function valueKind(column: Column): ValueKind {
  switch (column.dataType) {
    case 'string':
      return column.columnType === 'PgDateString' ? 'date' : 'text';
    case 'number':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'timestamp';
    default:
      throw new Error(`importer: unsupported column type ${column.columnType} (${column.name})`);
  }
}

function buildSpec(entity: ImportEntity): EntitySpec {
  const table = tables[entity];
  const config = getTableConfig(table);
  const columns: ColumnSpec[] = [];
  let geometry: GeometryKind | null = null;
  const omit: Record<string, true> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (column.columnType === 'PgCustomColumn') {
      geometry = column.getSQLType().startsWith('geometry(Point') ? 'Point' : 'MultiPolygon';
      omit[key] = true;
      continue;
    }
    if (column.columnType === 'PgSerial' || column.columnType.startsWith('PgBigSerial')) {
      omit[key] = true;
      continue;
    }
    const spec: ColumnSpec = { name: column.name, key, kind: valueKind(column), required: column.notNull && !column.hasDefault };
    if (column.hasDefault && column.default !== undefined) {
      if (typeof column.default === 'object' && column.default !== null) spec.sqlFallback = 'now()';
      else spec.fallback = column.default;
    }
    columns.push(spec);
  }
  const unique = [
    ...config.columns.filter((c) => c.primary && !omit[keyOf(columns, c.name) ?? '']).map((c) => [c.name]),
    ...config.columns.filter((c) => c.isUnique).map((c) => [c.name]),
    ...config.primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    ...config.uniqueConstraints.map((constraint) => constraint.columns.map((c) => c.name)),
  ].filter((set) => set.every((name) => columns.some((c) => c.name === name)));
  const extra = refinements[entity];
  // Timestamps stay canonical ISO strings (values.ts) instead of Date objects.
  const timestamps = Object.fromEntries(columns.filter((c) => c.kind === 'timestamp').map((c) => [c.key, z.string()]));
  // As callbacks, so drizzle-zod still adds .nullable()/.optional() from the column definition.
  const overrides = Object.fromEntries(Object.entries({ ...timestamps, ...extra?.columns }).map(([key, schema]) => [key, () => schema]));
  const insert = createInsertSchema(table, overrides as never).omit(omit as never);
  return {
    entity,
    table: getTableName(table),
    columns,
    geometry,
    unique,
    schema: (extra?.row ? insert.superRefine(extra.row as never) : insert) as unknown as z.ZodType<Record<string, unknown>>,
  };
}

function keyOf(columns: ColumnSpec[], name: string): string | undefined {
  return columns.find((c) => c.name === name)?.key;
}

/** Per-entity column list, geometry type, unique keys and zod schema, all derived from the Drizzle tables. */
export const entitySpecs = Object.fromEntries(importEntities.map((e) => [e, buildSpec(e)])) as Record<ImportEntity, EntitySpec>;
