import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { staff } from '../../../core/access/roles.ts';
import { readJson } from '../../access/body.ts';
import { audit } from '../../access/audit.ts';
import { notFound } from '../../access/scope.ts';
import { revealRequestSchema, type RevealResponse } from '../../../core/contracts/auth-audit.ts';
import { personalValues } from '../../../db/queries/personal.ts';

/**
 * `POST /api/personal/reveal {kind, code, reason}`: the one way to see clear personal values. Only
 * admin, commanders and grid workers, only inside their area (404 outside, like a missing record),
 * and every attempt is audited with its reason, found or not.
 */
export const personalRoutes = (deps: AppDeps) =>
  new Hono<AppEnv>().post('/personal/reveal', access({ roles: staff, scoped: true, personal: true }), async (c) => {
    const { kind, code, reason } = await readJson(c, revealRequestSchema);
    const values = await personalValues(deps.database.db, c.get('principal'), kind, code);
    await audit(c, deps, {
      action: 'reveal',
      target: `${kind}:${code}`,
      reason,
      success: values !== undefined,
      detail: { fields: values ? Object.keys(values) : [] },
    });
    if (!values) throw notFound(`${kind} ${code}`);
    const body: RevealResponse = { kind, code, values };
    return c.json(body);
  });
