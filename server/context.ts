import type { Database } from '../db/client.ts';
import type { Env } from '../core/env.ts';
import type { AccessPolicy, Principal } from '../core/access/roles.ts';

/** What every route factory is given: the open database and the parsed environment. */
export interface AppDeps {
  database: Database;
  env: Env;
  /** read-heavy routes read here: the replicas of DATABASE_READ_URL with primary fallback (db/read-replicas.ts); absent = database */
  reader?: Database;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    /** set by the auth middleware; absent → public */
    principal: Principal;
    /** how the principal was authenticated (CSRF applies to 'session' only) */
    credential: 'session' | 'token' | 'none';
    /** the cookie session, when credential is 'session' */
    session: { id: string; csrfToken: string };
    /** set by `access(...)` on the matched route; read by the audit middleware */
    accessPolicy: AccessPolicy;
    /** a handler that wrote its own audit row sets this, so the write middleware adds no second one */
    audited: boolean;
  };
}
