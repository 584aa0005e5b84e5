import {
  centerListSchema,
  holderKpisQuerySchema,
  holderKpisSchema,
  holderParamsSchema,
  queueQuerySchema,
  queueSchema,
} from '../../../core/contracts/centers.ts';
import { declareRoute } from '../declare.ts';

const commanders = { roles: ['admin', 'commander'], scoped: true } as const;

// a directory (names and codes of every center, as public as the area names); loads only for the caller's own desks
export const listCentersRoute = declareRoute({
  method: 'get',
  path: '/centers',
  summary: 'Every center (city, district, street) and department with the open and overdue cases each holds; `mine` marks the caller’s desks',
  access: { roles: ['admin', 'commander'] },
  response: centerListSchema,
});

export const holderQueueRoute = declareRoute({
  method: 'get',
  path: '/centers/:code/queue',
  summary: 'A center’s (or department’s) queue: what it holds now, or what it closed in a period',
  access: { ...commanders, personal: true },
  params: holderParamsSchema,
  query: queueQuerySchema,
  response: queueSchema,
});

export const holderKpisRoute = declareRoute({
  method: 'get',
  path: '/centers/:code/kpis',
  summary: 'A center’s own KPIs: open, overdue, closed while held (on time), cases received, handed up and returned',
  access: commanders,
  params: holderParamsSchema,
  query: holderKpisQuerySchema,
  response: holderKpisSchema,
});
