import type { Database } from '../db/client.ts';
import type { Env } from './env.ts';
import type { Principal } from './access/policy.ts';

/** What every route factory is given: the open database and the parsed environment. */
export interface AppDeps {
  database: Database;
  env: Env;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    /** set by the auth middleware; absent → public */
    principal: Principal;
  };
}
