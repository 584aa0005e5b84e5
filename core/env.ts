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
  /**
   * connections per process kept open and warm however long they idle (default 4, capped at the pool
   * size); the others close after 10 s idle. A connection opened on demand costs about 110 ms before
   * its first answer, which after a quiet spell would land on the next requests.
   */
  DATABASE_POOL_MIN: z.coerce.number().int().min(0).max(500).default(4),
  /**
   * how long a query may wait for a database connection — opening one, or a free one in a full pool —
   * before it fails (ms, default 10000); a database host that swallows packets then fails requests
   * instead of hanging them, and /api/health answers 503 within a few seconds
   */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /**
   * read replicas (comma list of postgres:// URLs) for the read-heavy routes (tiles, OGC, search, KPIs,
   * hotspots, coverage, layers, exports); a read the replica has not replayed yet (the caller's own write,
   * a newer tile version) goes to the primary. Empty = every read on DATABASE_URL. Needs DATABASE_URL.
   */
  DATABASE_READ_URL: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((url) => url.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^postgres(ql)?:\/\//, 'each must be a postgres:// URL'))),
  /**
   * a direct session connection to the primary for the live events' LISTEN, when DATABASE_URL goes through
   * a pooler in transaction mode (PgBouncer), which cannot hold a LISTEN; default: DATABASE_URL
   */
  DATABASE_LISTEN_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** server processes `npm start` runs on PORT (node:cluster; default 1); more than 1 needs DATABASE_URL */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(1),
  /** false behind a pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode) */
  DATABASE_PREPARED_STATEMENTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  DATA_DIR: z.string().min(1).default('.data'),
  /** seed the demo city on first start of an empty database: full | small | none */
  DEMO_SEED: z.enum(['full', 'small', 'none']).default('full'),
  /**
   * on a database holding the synthetic demo city, keep it alive: every few minutes report a case and move
   * open cases one workflow step (server/jobs/demo-stream.ts); never on other data. Default on, but off
   * under tests (NODE_ENV=test or vitest) so test data stays still.
   */
  DEMO_LIVE: z.enum(['on', 'off']).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /**
   * request lines written whole per second; beyond, one summary line a second counts the rest
   * (errors and slow requests are always written whole). 0: summaries only
   */
  LOG_REQUESTS_PER_SECOND: z.coerce.number().int().min(0).max(1_000_000).default(50),
  /** a request slower than this (ms) is always logged whole */
  LOG_SLOW_MS: z.coerce.number().min(0).max(600_000).default(500),
  /** lifetime of a login session (absolute, hours) */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  /** Secure flag of the session cookie: auto = only when the request arrived over https */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** behind a reverse proxy: take the client ip / protocol from X-Forwarded-For / X-Forwarded-Proto */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /**
   * how many reverse proxies (each appending the address it saw to X-Forwarded-For) stand between the
   * clients and this server when TRUST_PROXY=true; the client address is taken that many entries from the
   * right, because everything further left was written by the client and can be forged (default 1)
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /**
   * the origin clients reach the server at (e.g. https://grid.example.gov.cn); when set, absolute URLs in
   * TileJSON, style.json, OGC API and Open311 links use it instead of the request's Host header
   */
  PUBLIC_URL: z
    .string()
    .url()
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .transform((value) => value.replace(/\/+$/, ''))
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * origins (comma list, e.g. https://map.example.gov.cn) whose pages may call the credentialed routes
   * (/api, OGC incidents, Open311) with cookies or tokens; empty = same-origin only. Public read-only
   * resources (style, tiles, public OGC collections, the OpenAPI document) are readable from any origin.
   */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'each origin must be scheme://host[:port]'))),
  /** largest request body of a JSON (or form) route in bytes, enforced while streaming, before parsing (default 64 KB) */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(64 * 1024),
  /** optional basemaps; none are used unless configured (intranet default) */
  TIANDITU_KEY: z.string().optional(),
  BASEMAP_XYZ_URL: z.string().url().optional(),
  BASEMAP_PMTILES: z.string().optional(),
  /** largest photo a case may get, in bytes (default 10 MB); an upload's body may be this × ATTACHMENT_MAX_PER_CASE */
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** photos per case, report and report-back together (default 9, a phone gallery's usual pick) */
  ATTACHMENT_MAX_PER_CASE: z.coerce.number().int().min(1).max(100).default(9),
  /** days a grid worker's reported positions are kept before the server deletes them (personal data; default 30) */
  POSITION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /**
   * where case notifications (dispatched, returned, overdue, escalated, …) are POSTed as JSON, each with an
   * Idempotency-Key header; a city plugs its SMS gateway or 政务 messaging in here. Unset: the log channel only
   */
  NOTIFY_WEBHOOK_URL: z
    .string()
    .url()
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** attempts per notification delivery before it is given up as failed (retries back off exponentially; default 8) */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
});

export type Env = Omit<z.infer<typeof envSchema>, 'DEMO_LIVE'> & { DEMO_LIVE: 'on' | 'off' };

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
  const testing = source.NODE_ENV === 'test' || source.VITEST !== undefined;
  return { ...result.data, DEMO_LIVE: result.data.DEMO_LIVE ?? (testing ? 'off' : 'on') };
}
