import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { ApiError } from './errors.ts';

/**
 * C0 control characters and DEL that no query value, path segment or single-line field can hold.
 * U+0000 in particular: PostgreSQL text cannot store it, so it used to surface as a 500 deep in a query
 * (or half-way through a streamed export). Tab, LF and CR are allowed in JSON strings (free text).
 */
/* eslint-disable no-control-regex -- matching control characters is this file's purpose */
const lineControls = /[\u0000-\u001f\u007f]/;
const textControls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const anyControl = /[\u0000-\u001f\u007f]/g;
/** a query string holding a control character, raw or percent-encoded */
const controlInQuery = /%[01][0-9a-f]|%7f|[\u0000-\u001f\u007f]/i;
/* eslint-enable no-control-regex */

/** The field name as it can be shown in an error: the control characters themselves replaced. */
const printable = (name: string) => name.replace(anyControl, '?').slice(0, 100);

const refuse = (field: string, where: string) =>
  new ApiError(400, 'invalid_characters', `${printable(field)}: control characters are not allowed in ${where}`, printable(field));

/**
 * The first JSON path (e.g. `location.note`, `items.2`) of a string or key holding a control
 * character that free text cannot hold, or undefined.
 *
 * @example
 * controlCharacterPath({ reason: 'a\u0000b' }) // 'reason'
 */
export function controlCharacterPath(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return textControls.test(value) ? path.join('.') || 'body' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (lineControls.test(key)) return [...path, key].join('.');
    const found = controlCharacterPath(inner, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Throws a 400 `invalid_characters` naming the field when a parsed JSON or form body holds a control
 * character where text cannot (see `controlCharacterPath`).
 *
 * @example
 * assertCleanBody(await c.req.json());
 */
export function assertCleanBody(value: unknown): void {
  const field = controlCharacterPath(value);
  if (field !== undefined) throw refuse(field, 'the request body');
}

/** Which declared path parameter a decoded path segment belongs to, from the matched route's pattern. */
function segmentName(c: Context, index: number): string {
  for (const route of matchedRoutes(c).reverse()) {
    const segment = route.path.split('/')[index];
    if (segment?.startsWith(':')) return segment.slice(1).replace(/[{?].*$/, '');
  }
  return 'path';
}

/**
 * Refuses control characters in the query (names and values) and the path with a 400 naming the
 * parameter, once, before any route: every handler then sees clean text in both.
 *
 * @example
 * app.use('*', refuseControlCharacters());
 */
export function refuseControlCharacters(): MiddlewareHandler {
  return async (c, next) => {
    const segments = c.req.path.split('/');
    for (const [index, segment] of segments.entries()) {
      if (lineControls.test(segment)) throw refuse(segmentName(c, index), 'the path');
    }
    const query = new URL(c.req.url).search;
    if (query && controlInQuery.test(query)) {
      for (const [name, values] of Object.entries(c.req.queries())) {
        if (lineControls.test(name) || values.some((value) => lineControls.test(value))) throw refuse(name, 'the query');
      }
    }
    await next();
  };
}
