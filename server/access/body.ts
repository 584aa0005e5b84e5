import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../middleware/errors.ts';

/**
 * Parses a JSON request body with a zod schema: malformed JSON → 400 `invalid_json`, a schema
 * mismatch → 400 naming the field (via the ZodError handler), never a 500.
 *
 * @example
 * const body = await readJson(c, loginRequestSchema);
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, 'invalid_json', 'request body must be JSON (Content-Type: application/json)');
  }
  return schema.parse(raw);
}
