import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { ApiError } from '../../middleware/errors.ts';

/** JSON or XML (the `.json` / `.xml` suffix Open311 puts on every resource; none → JSON). */
export type Format = 'json' | 'xml';

/**
 * Splits `SJ2024…01.xml` into the id and the format; a suffix other than json/xml is part of the id.
 *
 * @example
 * splitFormat('dispute.xml') // { id: 'dispute', format: 'xml' }
 */
export function splitFormat(value: string): { id: string; format: Format } {
  const match = /^(.*)\.(json|xml)$/.exec(value);
  return match ? { id: match[1]!, format: match[2] as Format } : { id: value, format: 'json' };
}

/** The format a request asked for, from the path suffix. */
export const formatOf = (c: Context): Format => (c.req.path.endsWith('.xml') ? 'xml' : 'json');

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]!);
// child element names of the spec's nested lists
const itemNames: Record<string, string> = { attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) return `<${name}>${value.map((v) => element(itemNames[name] ?? 'item', v)).join('')}</${name}>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * The spec's XML: a root element holding one element per item.
 *
 * @example
 * toXml('services', 'service', [{ service_code: 'theft' }])
 * // '<?xml version="1.0" encoding="utf-8"?><services><service><service_code>theft</service_code></service></services>'
 */
export function toXml(root: string, item: string, items: unknown[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${items.map((i) => element(item, i)).join('')}</${root}>`;
}

/** Sends a list in the requested format (JSON array or `<root><item>…`). */
export function sendList(c: Context, root: string, item: string, items: unknown[], status: ContentfulStatusCode = 200) {
  if (formatOf(c) === 'xml') return c.body(toXml(root, item, items), status, { 'Content-Type': 'text/xml; charset=utf-8' });
  return c.json(items, status);
}

/** Sends one object (a service definition) in the requested format. */
export function sendObject(c: Context, root: string, value: Record<string, unknown>) {
  if (formatOf(c) === 'xml') return c.body(`<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`, 200, { 'Content-Type': 'text/xml; charset=utf-8' });
  return c.json(value);
}

/**
 * Errors in the GeoReport format, `[{"code": 400, "description": "…"}]` or `<errors><error>…`, with
 * the field named in the description. A middleware (not the sub-app's onError, which would hide the
 * routes' access policies from `app.routes`): the app's handler has already turned the error into
 * its JSON shape, and this replaces that response; unexpected errors keep the app's 500.
 */
export const open311Errors: MiddlewareHandler = async (c, next) => {
  await next();
  const error = c.error;
  let status: number;
  let description: string;
  if (error instanceof ApiError) {
    status = error.status;
    description = error.field && !error.message.startsWith(error.field) ? `${error.field}: ${error.message}` : error.message;
  } else if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join('.');
    status = 400;
    description = field ? `${field}: ${issue!.message}` : (issue?.message ?? 'invalid request');
  } else {
    return;
  }
  c.res = undefined;
  c.res = sendList(c, 'errors', 'error', [{ code: status, description }], status as ContentfulStatusCode);
};
