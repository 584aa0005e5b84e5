import { inject } from 'vitest';
import type pg from 'pg';
import { connectDatabase, type Database, type DatabaseMode } from '../../db/client.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    database: { mode: DatabaseMode; connection: pg.ClientConfig; dataDir: string };
  }
}

/** The run's database (embedded or PostGIS, per vitest project), already migrated. */
export function connectTestDatabase(poolSize?: number): Database {
  const { mode, connection } = inject('database');
  return connectDatabase(mode, connection, poolSize);
}
