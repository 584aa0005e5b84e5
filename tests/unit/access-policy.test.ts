import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../server/context.ts';
import { access, everyone, policyOf, signedIn } from '../../server/access/policy.ts';
import { endpoints, endpointsWithoutPolicy } from '../../server/access/routes.ts';

const handler = () => new Response('ok');

describe('route policy inventory', () => {
  it('names every endpoint that has no access policy, and only those', () => {
    const sub = new Hono<AppEnv>().get('/covered', access({ roles: everyone }), handler).get('/naked', handler);
    const app = new Hono<AppEnv>()
      .use('/api/*', async (_c, next) => next())
      .route('/api', sub)
      .post('/api/chained', async (_c, next) => next(), handler)
      .delete('/api/late', handler, access({ roles: signedIn }));
    expect(endpointsWithoutPolicy(app)).toEqual(['GET /api/naked', 'POST /api/chained']);
    expect(endpoints(app).find((e) => e.path === '/api/late')?.policy?.roles).toEqual(signedIn);
  });

  it('treats app.use middleware as middleware, not as an endpoint', () => {
    const app = new Hono<AppEnv>().use('*', async (_c, next) => next()).use('/tiles/*', async (_c, next) => next());
    expect(endpoints(app)).toEqual([]);
  });

  it('refuses a personal route open to planners or the public at declaration time', () => {
    expect(() => access({ roles: ['admin', 'planner'], personal: true })).toThrow(/planner/);
    expect(() => access({ roles: everyone, personal: true })).toThrow(/public/);
    expect(policyOf(access({ roles: ['admin'], personal: true }))).toEqual({ roles: ['admin'], personal: true });
  });
});
