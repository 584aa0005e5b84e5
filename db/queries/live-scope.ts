import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';

/**
 * Codes of the grids assigned to a grid worker (a worker may own a grid outside their community).
 *
 * @example
 * await workerGridCodes(db, 'GW2101030010010101') // Set { '21010300100101' }
 */
export async function workerGridCodes(db: Db, workerCode: string): Promise<Set<string>> {
  const result = await db.execute<{ code: string }>(sql`SELECT code FROM grid_cells WHERE worker_code = ${workerCode}`);
  return new Set(result.rows.map((r) => r.code));
}
