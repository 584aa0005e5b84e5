/**
 * Who may call what: the roles, the principal every request resolves to, and the access policy a
 * route declares. Types and constants only, so the database queries, the server and the web pages
 * speak of callers in one vocabulary.
 */
export const roles = ['admin', 'commander', 'grid_worker', 'planner', 'public'] as const;
export type Role = (typeof roles)[number];

/** Who is calling. `scopeCode` null means the whole city; otherwise an area code (6/9/12/14 digits). */
export interface Principal {
  role: Role;
  userId?: number;
  username?: string;
  /** area the principal may see; for a grid worker, their community */
  scopeCode: string | null;
  /** grid workers: their own worker code (their grids are those with this worker_code) */
  workerCode?: string;
}

export const publicPrincipal: Principal = { role: 'public', scopeCode: null };

/**
 * An access policy, declared on every route. `scoped` routes filter their rows by the caller's area in
 * SQL (and answer 404 outside it); `personal` routes return personal fields, always through
 * `maskPersonal` (masked for staff, null for planner and public), and every call by a staff role is
 * written to the audit log as `read_personal` (by the audit middleware, which reads this policy).
 */
export interface AccessPolicy {
  roles: readonly Role[];
  scoped?: boolean;
  personal?: boolean;
}

export const everyone = roles;
export const signedIn = ['admin', 'commander', 'grid_worker', 'planner'] as const satisfies readonly Role[];
/** Roles that may see (masked) personal data within their area. */
export const staff = ['admin', 'commander', 'grid_worker'] as const satisfies readonly Role[];
export const adminOnly = ['admin'] as const satisfies readonly Role[];
