import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../server/context.ts';
import { access, policyOf } from '../../server/access/policy.ts';
import { everyone, signedIn } from '../../core/access/roles.ts';
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
    const app = new Hono<AppEnv>()
      .use('*', async (_c, next) => next())
      .use('/tiles/*', async (_c, next) => next())
      .use('/style.json', async (_c, next) => next())
      .get('/style.json', access({ roles: everyone }), handler)
      .all('/anything', handler);
    expect(endpoints(app).map((e) => `${e.method} ${e.path}`)).toEqual(['GET /style.json', 'ALL /anything']);
    expect(endpointsWithoutPolicy(app)).toEqual(['ALL /anything']);
  });

  it('keeps the policy readable from the handler', () => {
    expect(policyOf(access({ roles: ['admin'], personal: true }))).toEqual({ roles: ['admin'], personal: true });
    expect(policyOf(handler)).toBeUndefined();
  });
});
