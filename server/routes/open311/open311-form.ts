import type { Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { ApiError } from '../../middleware/errors.ts';
import { assertCleanBody } from '../../middleware/control-chars.ts';

// Read once per request: the api_key middleware looks into the form before the handler does, and a
// request body can be consumed only once.
const forms = new WeakMap<Request, Record<string, string>>();

/**
 * The POST body as fields: form-encoded (the spec) or multipart, JSON accepted too. Values that are
 * not text (files) are dropped.
 *
 * @example
 * const fields = await readForm(c); // { service_code: 'theft', lat: '41.8', long: '123.4' }
 */
export async function readForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  const cached = forms.get(c.req.raw);
  if (cached) return cached;
  const type = c.req.header('content-type') ?? '';
  let raw: Record<string, unknown>;
  try {
    raw = type.includes('json') ? await c.req.json() : await c.req.parseBody();
  } catch {
    throw new ApiError(400, 'invalid_body', 'the body must be form fields (application/x-www-form-urlencoded)');
  }
  const fields = Object.fromEntries(
    Object.entries(raw ?? {})
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
      .map(([k, v]) => [k, String(v)]),
  );
  assertCleanBody(fields); // 400 naming the field for a control character (U+0000 cannot be stored)
  forms.set(c.req.raw, fields);
  return fields;
}
