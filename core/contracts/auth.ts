import { z } from 'zod';

/** Account roles (public is the absence of an account). */
export const accountRoles = ['admin', 'commander', 'grid_worker', 'planner'] as const;
export type AccountRole = (typeof accountRoles)[number];

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{1,63}$/, '2–64 letters, digits, "_", "." or "-"');

export const loginRequestSchema = z.object({
  username: usernameSchema,
  password: z.string().min(1, 'required').max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const accountSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(accountRoles),
  scopeCode: z.string().nullable(),
  workerCode: z.string().nullable(),
});
export type Account = z.infer<typeof accountSchema>;

/**
 * `POST /api/auth/login` and `GET /api/auth/me`. `csrfToken` is sent back as `X-CSRF-Token` on every
 * POST/PUT/PATCH/DELETE made with the session cookie. Public callers get `authenticated: false`.
 */
export const meResponseSchema = z.object({
  authenticated: z.boolean(),
  role: z.enum([...accountRoles, 'public']),
  account: accountSchema.nullable(),
  csrfToken: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Account scope rules per role; returns a problem message, or undefined when valid. */
export function scopeProblem(role: AccountRole, scopeCode: string | null | undefined): string | undefined {
  if (role === 'admin' || role === 'planner') return scopeCode ? `${role} has no area scope` : undefined;
  if (role === 'commander') {
    return !scopeCode || /^([0-9]{6}|[0-9]{9})$/.test(scopeCode)
      ? undefined
      : 'commander scope is the city (none), a 6-digit district or a 9-digit street code';
  }
  return scopeCode && /^[0-9]{12}$/.test(scopeCode) ? undefined : 'grid worker scope is a 12-digit community code';
}

export const createUserRequestSchema = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().min(1).max(100).optional(),
    role: z.enum(accountRoles),
    scopeCode: z.string().trim().nullish(),
    workerCode: z.string().trim().min(1).nullish(),
    password: z.string().min(10, 'at least 10 characters').max(256),
  })
  .superRefine((user, ctx) => {
    const problem = scopeProblem(user.role, user.scopeCode);
    if (problem) ctx.addIssue({ code: 'custom', path: ['scopeCode'], message: problem });
    if (user.workerCode && user.role !== 'grid_worker') {
      ctx.addIssue({ code: 'custom', path: ['workerCode'], message: 'only grid workers have a worker code' });
    }
  });
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const updateUserRequestSchema = z
  .object({
    displayName: z.string().trim().min(1).max(100),
    disabled: z.boolean(),
    password: z.string().min(10, 'at least 10 characters').max(256),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');

export const userSchema = accountSchema.extend({ disabled: z.boolean(), demo: z.boolean(), createdAt: z.string() });

export const createTokenRequestSchema = z.object({
  username: usernameSchema,
  name: z.string().trim().min(1).max(100),
});
/** The clear token is in this response only; the server keeps its hash. */
export const tokenCreatedSchema = z.object({ id: z.number().int(), name: z.string(), username: z.string(), token: z.string() });

/** `GET /api/admin/users`. */
export const userListSchema = z.object({ items: z.array(userSchema) });

/** An API token as listed (never the token itself). */
export const apiTokenSchema = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  username: z.string(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
/** `GET /api/admin/tokens`. */
export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) });
