import { staff } from '../../../core/access/roles.ts';
import { revealRequestSchema, revealResponseSchema } from '../../../core/contracts/auth-audit.ts';
import { declareRoute } from '../declare.ts';

export const revealRoute = declareRoute({
  method: 'post',
  path: '/personal/reveal',
  summary: 'Reveal the clear personal values of one record in the caller’s area, with a reason (always audited)',
  access: { roles: staff, scoped: true, personal: true },
  body: revealRequestSchema,
  response: revealResponseSchema,
});
