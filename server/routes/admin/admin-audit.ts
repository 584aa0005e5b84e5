import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { adminOnly } from '../../../core/access/roles.ts';
import { auditQuerySchema, type AuditPage } from '../../../core/contracts/auth-audit.ts';
import { listAudit } from '../../../db/queries/audit.ts';

/**
 * `GET /api/audit?username=&action=&target=&success=&from=&to=&cursor=&limit=` (admin only), newest
 * first; pass `nextCursor` as `cursor` for the next page.
 */
export const auditRoutes = ({ database }: AppDeps) =>
  new Hono<AppEnv>().get('/audit', access({ roles: adminOnly }), async (c) => {
    const query = auditQuerySchema.parse(c.req.query());
    const page = await listAudit(database.db, query);
    const body: AuditPage = {
      items: page.items.map((row) => ({ ...row, at: row.at.toISOString() })),
      nextCursor: page.nextCursor,
    };
    return c.json(body);
  });
