import { adminOnly } from '../../../core/access/roles.ts';
import { notificationListQuerySchema, notificationListSchema } from '../../../core/contracts/centers.ts';
import { declareRoute } from '../declare.ts';

export const listNotificationsRoute = declareRoute({
  method: 'get',
  path: '/admin/notifications',
  summary: 'The record of case notifications: each notice and, per channel, whether and what was sent',
  access: { roles: adminOnly },
  query: notificationListQuerySchema,
  response: notificationListSchema,
});
