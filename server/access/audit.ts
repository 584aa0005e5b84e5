import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppDeps, AppEnv } from '../context.ts';
import { appendAudit, countRefused, type AuditEntry } from '../../db/queries/audit.ts';
import { logger } from '../../core/log.ts';
import { clientIp } from './request-info.ts';
import { personalRoles } from './mask.ts';
import { policyOf } from './policy.ts';
import { redactKeys } from './query-key.ts';

/** The path pattern of the matched endpoint (the route whose handler carries the access policy). */
const endpointPath = (c: Context) => matchedRoutes(c).find((route) => policyOf(route.handler))?.path ?? null;

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const knownMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** Longest path / query kept in an audit row: enough for any real route and an export's filters. */
const maxPath = 300;
const maxQuery = 1000;

/** Who/where fields of an audit row, from the request context. */
function origin(c: Context<AppEnv>, env: AppDeps['env']) {
  const principal = c.get('principal');
  return {
    userId: principal?.userId ?? null,
    username: principal?.username ?? null,
    role: principal?.role ?? 'public',
    ip: clientIp(c, env),
    requestId: c.get('requestId') ?? null,
  };
}

/**
 * Appends an audit row for this request from a handler (login, reveal, …) and marks the request as
 * audited so the write middleware adds no second row. `username` in `entry` overrides the
 * principal's (a failed login has no principal but names an account).
 *
 * @example
 * await audit(c, deps, { action: 'reveal', target: `incident:${code}`, reason, detail: { fields } });
 */
export async function audit(c: Context<AppEnv>, { database, env }: AppDeps, entry: Omit<AuditEntry, 'ip' | 'requestId'>): Promise<void> {
  c.set('audited', true);
  await appendAudit(database, { ...origin(c, env), ...entry });
}

/**
 * Counts a refused anonymous request in `audit_refused` (per minute, address, method, route pattern
 * and status) instead of giving it a row of its own, so anyone on the network cannot grow the audit
 * log at will: 2,000 anonymous POSTs to one route in a minute are one row with count 2000. Unmatched
 * paths are counted under `(no route)`; the raw path is kept only as a capped sample.
 *
 * @example
 * await auditRefused(c, deps, 429);
 */
export async function auditRefused(c: Context<AppEnv>, { database, env }: AppDeps, status: number): Promise<void> {
  c.set('audited', true);
  const method = knownMethods.has(c.req.method) ? c.req.method : 'OTHER';
  await countRefused(database, {
    ip: clientIp(c, env),
    method,
    route: endpointPath(c) ?? '(no route)',
    status,
    samplePath: c.req.path.slice(0, maxPath),
    requestId: c.get('requestId') ?? null,
  });
}

/** The query string of a request (without '?'), capped; null when there is none. */
const queryOf = (c: Context) => {
  const search = redactKeys(new URL(c.req.url).search.slice(1));
  return search ? search.slice(0, maxQuery) : null;
};

/**
 * Records every unsafe-method request (action `write`, with method, route, status) and every staff
 * call of a `personal` route (action `read_personal`, with its query, so an export's filters are on
 * record), after the handler ran, unless the handler wrote its own row. Mounted before `principal`,
 * so refused writes (401/403) are recorded too: an authenticated caller's as a row, an anonymous
 * caller's counted in `audit_refused` (bounded growth). Paths and queries are capped.
 *
 * @example
 * app.use('/api/*', auditTrail(deps), principal(deps), csrf());
 */
export function auditTrail(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const { database, env } = deps;
  return async (c, next) => {
    await next();
    const write = !safeMethods.has(c.req.method);
    // planner and public get personal fields as null (maskPersonal), so only staff reads are personal-data reads
    const personal = c.get('accessPolicy')?.personal === true && c.res.status < 400 && personalRoles.includes(c.get('principal')?.role);
    if (c.get('audited') || (!write && !personal)) return;
    const status = c.res.status;
    const anonymous = (c.get('principal')?.role ?? 'public') === 'public';
    try {
      if (anonymous && status >= 400) {
        await auditRefused(c, deps, status);
        return;
      }
      await appendAudit(database, {
        ...origin(c, env),
        action: write ? 'write' : 'read_personal',
        target: c.req.path.slice(0, maxPath),
        success: status < 400,
        detail: { method: c.req.method.slice(0, 16), route: endpointPath(c), status, ...(personal ? { query: queryOf(c) } : {}) },
      });
    } catch (error) {
      // Rows are sanitised before the insert, so only an unreachable database gets here. Personal data
      // is then withheld (its body not sent) rather than handed out without a record; a write has
      // already happened, so its answer stands and the loss is loud in the log.
      logger.error('audit append failed', { requestId: c.get('requestId'), error: String(error) });
      if (personal) {
        await c.res.body?.cancel().catch(() => undefined);
        c.res = c.json({ error: { code: 'audit_unavailable', message: 'the audit log cannot be written; try again' } }, 503);
      }
    }
  };
}
