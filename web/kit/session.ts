/**
 * The one session store of every page: who is signed in (the last `/api/auth/me` or login answer) and
 * the CSRF token that goes with the session cookie on unsafe requests (http.ts sends it).
 */
import type { MeResponse } from '../../core/contracts/auth.ts';
import { csrfToken, request, requestJson, setCsrfToken } from './http.ts';

let principal: MeResponse | null = null;

const remember = (me: MeResponse | null) => {
  principal = me;
  setCsrfToken(me?.csrfToken ?? null);
};

export const session = {
  /** The last known principal, or null before the first `me()` (or after a logout). */
  current: (): MeResponse | null => principal,

  /** The CSRF token of the session, or null when nobody is signed in (or `me()` was not asked yet). */
  csrfToken,

  /**
   * Asks the server who the caller is (`GET /api/auth/me`) and keeps the answer and its CSRF token.
   *
   * @example
   * const me = await session.me().catch(() => null); // offline: unknown
   */
  async me(): Promise<MeResponse> {
    const me = await requestJson<MeResponse>('/api/auth/me');
    remember(me);
    return me;
  },

  /**
   * Signs in (`POST /api/auth/login`) and keeps the new principal and its CSRF token.
   *
   * @example
   * await session.login('demo-planner', password).then(() => location.reload());
   */
  async login(username: string, password: string): Promise<MeResponse> {
    const me = await requestJson<MeResponse>('/api/auth/login', { method: 'POST', json: { username, password } });
    remember(me);
    return me;
  },

  /**
   * Signs out (`POST /api/auth/logout`, with the CSRF token) and forgets the principal.
   *
   * @example
   * await session.logout().finally(() => location.reload());
   */
  async logout(): Promise<void> {
    await request('/api/auth/logout', { method: 'POST' });
    remember(null);
  },
};
