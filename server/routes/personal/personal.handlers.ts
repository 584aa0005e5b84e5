import type { AppDeps } from '../../context.ts';
import { audit } from '../../access/audit.ts';
import { callerOf } from '../../access/caller.ts';
import { notFound } from '../../access/scope.ts';
import type { RevealResponse } from '../../../core/contracts/auth-audit.ts';
import { personalValues } from '../../../db/queries/personal.ts';
import type { RouteHandler } from '../declare.ts';
import type { revealRoute } from './personal.routes.ts';

/**
 * Reveals clear personal values. Outside the caller's area it is a 404 like a missing record, and the
 * attempt is audited before that answer, so a failed look is on record too.
 */
export const revealPersonal =
  (deps: AppDeps): RouteHandler<typeof revealRoute> =>
  async (c, { body: { kind, code, reason } }) => {
    const values = await personalValues(deps.database.db, callerOf(c), kind, code);
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
  };
