import { z } from 'zod';

/** Every setting the server reads, parsed once at start-up; nothing else reads process.env. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** a PostGIS server; unset → the embedded PGlite + PostGIS in DATA_DIR */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * connections per process to the PostGIS server (default 20). On a small database host fewer is
   * faster: beyond about two per core, backends only take turns (bench/field.ts).
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).optional(),
  /** false behind a pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode) */
  DATABASE_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
  DATA_DIR: z.string().min(1).default('.data'),
  /** seed the demo city on first start of an empty database: full | small | none */
  DEMO_SEED: z.enum(['full', 'small', 'none']).default('full'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** lifetime of a login session (absolute, hours) */
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  /** Secure flag of the session cookie: auto = only when the request arrived over https */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** behind a reverse proxy: take the client ip / protocol from X-Forwarded-For / X-Forwarded-Proto */
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  /** optional basemaps; none are used unless configured (intranet default) */
  TIANDITU_KEY: z.string().optional(),
  BASEMAP_XYZ_URL: z.string().url().optional(),
  BASEMAP_PMTILES: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

/**
 * Parses and validates the environment, naming every bad variable in one error.
 *
 * @example
 * const env = parseEnv({ PORT: '9000' }); // env.PORT === 9000, env.DATA_DIR === '.data'
 */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid environment:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}
