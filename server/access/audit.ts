import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppDeps, AppEnv } from '../context.ts';
import { appendAudit, type AuditEntry } from '../../db/queries/audit.ts';
import { logger } from '../../core/log.ts';
import { clientIp } from './request-info.ts';
import { personalRoles } from './mask.ts';
import { policyOf } from './policy.ts';

/** The path pattern of the matched endpoint (the route whose handler carries the access policy). */
const endpointPath = (c: Context) => matchedRoutes(c).find((route) => policyOf(route.handler))?.path ?? null;

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who/where fields of an audit row, from the request context. */
function origin(c: Context<AppEnv>, trustProxy: boolean) {
  const principal = c.get('principal');
  return {
    userId: principal?.userId ?? null,
    username: principal?.username ?? null,
    role: principal?.role ?? 'public',
    ip: clientIp(c, trustProxy),
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
export async function audit(
  c: Context<AppEnv>,
  { database, env }: AppDeps,
  entry: Omit<AuditEntry, 'ip' | 'requestId'>,
): Promise<void> {
  c.set('audited', true);
  await appendAudit(database, { ...origin(c, env.TRUST_PROXY), ...entry });
}

/**
 * Records every unsafe-method request (action `write`, with method, route, status) and every staff
 * call of a `personal` route (action `read_personal`), after the handler ran, unless the handler wrote
 * its own row. Mounted before `principal`, so refused writes (401/403) are recorded too.
 *
 * @example
 * app.use('/api/*', auditTrail(deps), principal(deps), csrf());
 */
export function auditTrail({ database, env }: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const write = !safeMethods.has(c.req.method);
    // planner and public get personal fields as null (maskPersonal), so only staff reads are personal-data reads
    const personal =
      c.get('accessPolicy')?.personal === true && c.res.status < 400 && personalRoles.includes(c.get('principal')?.role);
    if (c.get('audited') || (!write && !personal)) return;
    const status = c.res.status;
    try {
      await appendAudit(database, {
        ...origin(c, env.TRUST_PROXY),
        action: write ? 'write' : 'read_personal',
        target: c.req.path,
        success: status < 400,
        detail: { method: c.req.method, route: endpointPath(c), status },
      });
    } catch (error) {
      // The response is already decided; a lost audit row must at least be loud in the log.
      logger.error('audit append failed', { requestId: c.get('requestId'), error: String(error) });
    }
  };
}
