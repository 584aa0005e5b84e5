import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../middleware/errors.ts';
import { assertCleanBody } from '../middleware/control-chars.ts';

/**
 * Parses a JSON request body with a zod schema: malformed JSON → 400 `invalid_json`, a control
 * character in a string (U+0000, which PostgreSQL text cannot hold) → 400 `invalid_characters` naming
 * the field, a schema mismatch → 400 naming the field (via the ZodError handler), never a 500. A body
 * over the limit (`requestBodyLimit`) is a 413 before anything is parsed.
 *
 * @example
 * const body = await readJson(c, loginRequestSchema);
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(400, 'invalid_json', 'request body must be JSON (Content-Type: application/json)', 'body');
  }
  assertCleanBody(raw);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // a body of the wrong kind altogether (null, a list, a number) is at fault as a whole: name it
  const issue = parsed.error.issues[0];
  if (issue && issue.path.length === 0) throw new ApiError(400, 'invalid_request', `body: ${issue.message}`, 'body');
  throw parsed.error;
}
