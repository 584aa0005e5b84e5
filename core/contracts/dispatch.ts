import { z } from 'zod';

/**
 * Shapes of dispatch by picking (issue #12 item 3): the field phone's position reports, the candidates a
 * commander picks from, the on-duty layer and the functional departments (职能部门) admins edit.
 * Shared by the server, the command page and the field page (another engineer builds the phone side
 * against exactly these shapes).
 */

/** How long a worker counts as on duty after their last position report. */
export const ON_DUTY_MINUTES = 10;
/** The shortest interval between two position reports of one worker; the phone reports every 30 s. */
export const POSITION_MIN_INTERVAL_S = 25;
/**
 * Candidates are ranked by `distanceM + openLoad × LOAD_PENALTY_M`: each open case a worker still has
 * counts like 500 m more to walk, so a free worker 1 km away comes before a busy one next door with three
 * open cases (1,000 < 0 + 1,500). Distance alone would pile cases on whoever stands in the center.
 */
export const LOAD_PENALTY_M = 500;

/** `POST /api/field/position`: the signed-in worker's own position (WGS84), accuracy in metres. */
export const positionReportSchema = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  accuracy: z.number().min(0).max(100_000).optional(),
});
export type PositionReport = z.infer<typeof positionReportSchema>;

/** A worker one may dispatch to; `name` masked by role (张*). */
export const candidateSchema = z.object({
  code: z.string(),
  name: z.string().nullable(),
  /** straight-line spheroid distance from the last reported position to the case; null: not on duty */
  distanceM: z.number().nullable(),
  /** cases dispatched to this worker and not yet reported back (dispatched, handling) */
  openLoad: z.number().int(),
  lastSeenAt: z.string().nullable(),
  /** the worker's grid nearest the case (their own grid when the case is in it) */
  gridCode: z.string().nullable(),
});
export type Candidate = z.infer<typeof candidateSchema>;

const categoryCode = z.string().regex(/^[a-z_]{1,40}$/, 'a category code (lower case and _)');

/** A functional department (职能部门) and the incident categories it handles. */
export const departmentSchema = z.object({
  code: z.string(),
  name: z.string(),
  categories: z.array(z.string()),
  /** in a candidates answer: whether it handles the case's category (those come first) */
  handlesCategory: z.boolean(),
});
export type Department = z.infer<typeof departmentSchema>;

/** `GET /api/incidents/:id/dispatch-candidates`. */
export const dispatchCandidatesSchema = z.object({
  /** the worker of the case's grid (grid_cells.worker_code), on duty or not */
  gridWorker: candidateSchema.nullable(),
  /** on-duty workers in the caller's area, best first (see LOAD_PENALTY_M); includes the grid worker if on duty */
  workers: z.array(candidateSchema),
  departments: z.array(departmentSchema),
});
export type DispatchCandidates = z.infer<typeof dispatchCandidatesSchema>;

/** `GET /api/layers/workers-on-duty`: a GeoJSON FeatureCollection of last positions. */
export const workersOnDutySchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
      properties: z.object({ code: z.string(), name: z.string().nullable(), lastSeenAt: z.string(), openLoad: z.number().int() }),
    }),
  ),
});
export type WorkersOnDuty = z.infer<typeof workersOnDutySchema>;

const departmentCode = z.string().regex(/^[A-Za-z0-9_-]{2,40}$/, 'letters, digits, _ or -, 2–40 characters');

/** `POST /api/admin/departments`. */
export const createDepartmentSchema = z.object({
  code: departmentCode,
  name: z.string().trim().min(1).max(60),
  categories: z.array(categoryCode).max(50).default([]),
});
export type CreateDepartment = z.infer<typeof createDepartmentSchema>;

/** `PATCH /api/admin/departments/:code`: name and/or the categories (replaced as a whole). */
export const updateDepartmentSchema = z
  .object({ name: z.string().trim().min(1).max(60).optional(), categories: z.array(categoryCode).max(50).optional() })
  .refine((value) => value.name !== undefined || value.categories !== undefined, { message: 'give name or categories', path: ['name'] });
export type UpdateDepartment = z.infer<typeof updateDepartmentSchema>;

export const departmentCodeParamSchema = z.object({ code: departmentCode });

/** An admin's view of a department. */
export const adminDepartmentSchema = z.object({
  code: z.string(),
  name: z.string(),
  categories: z.array(z.string()),
  synthetic: z.boolean(),
  updatedAt: z.string(),
});
export type AdminDepartment = z.infer<typeof adminDepartmentSchema>;
export const adminDepartmentListSchema = z.object({ items: z.array(adminDepartmentSchema) });
