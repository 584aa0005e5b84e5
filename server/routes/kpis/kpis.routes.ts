import { signedIn } from '../../../core/access/roles.ts';
import {
  areaQuerySchema,
  kpiQuerySchema,
  kpiResponseSchema,
  preventableResponseSchema,
  summaryResponseSchema,
  trendQuerySchema,
  trendResponseSchema,
} from '../../../core/contracts/kpis.ts';
import { declareRoute } from '../declare.ts';

const kpiAccess = { roles: signedIn, scoped: true } as const;

export const kpiRoute = declareRoute({
  method: 'get',
  path: '/kpis',
  summary: 'Assessment KPIs of an area and period (default: the last 365 days) by category, status and ranked child area',
  access: kpiAccess,
  query: kpiQuerySchema,
  response: kpiResponseSchema,
});

export const kpiTrendRoute = declareRoute({
  method: 'get',
  path: '/kpis/trend',
  summary: 'Monthly reported and closed incidents with closure and on-time rates',
  access: kpiAccess,
  query: trendQuerySchema,
  response: trendResponseSchema,
});

export const kpiPreventableRoute = declareRoute({
  method: 'get',
  path: '/kpis/preventable',
  summary: 'Preventable cases per year with the year-on-year change',
  access: kpiAccess,
  query: areaQuerySchema,
  response: preventableResponseSchema,
});

export const kpiSummaryRoute = declareRoute({
  method: 'get',
  path: '/kpis/summary',
  summary: 'Number cards: reported today, in progress, overdue, closed today, grid workers',
  access: kpiAccess,
  query: areaQuerySchema,
  response: summaryResponseSchema,
});
