import type { Context } from 'hono';
import type { AppEnv } from '../context.ts';
import { publicPrincipal, type Principal } from '../../core/access/roles.ts';

/**
 * Who is calling: the principal the auth middleware resolved, or the public principal on routes it
 * does not guard.
 *
 * @example
 * const principal = callerOf(c);
 */
export const callerOf = (c: Context<AppEnv>): Principal => c.get('principal') ?? publicPrincipal;
