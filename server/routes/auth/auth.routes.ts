import { everyone, signedIn } from '../../../core/access/roles.ts';
import { loginRequestSchema, meResponseSchema } from '../../../core/contracts/auth.ts';
import { declareRoute } from '../declare.ts';

export const loginRoute = declareRoute({
  method: 'post',
  path: '/auth/login',
  summary: 'Sign in with username and password: sets the session cookie, answers the account and its CSRF token',
  access: { roles: everyone },
  body: loginRequestSchema,
  response: meResponseSchema,
  errors: [415, 429],
  // The JSON-only check (login CSRF) must answer 415 before the body is read.
  parse: 'handler',
});

export const logoutRoute = declareRoute({
  method: 'post',
  path: '/auth/logout',
  summary: 'Sign out: ends the cookie session',
  access: { roles: signedIn },
  status: 204,
});

export const meRoute = declareRoute({
  method: 'get',
  path: '/auth/me',
  summary: 'Who is calling: the account, its CSRF token and session expiry (authenticated: false when signed out)',
  access: { roles: everyone },
  response: meResponseSchema,
});
