/**
 * Checks real responses against the app's OpenAPI document with Ajv: the status must be documented for
 * the operation, the media type among that status's content types (no body where none is documented),
 * and a JSON body valid against the documented schema (JSON Schema 2020-12, formats checked).
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiPath } from '../../server/routes/openapi/openapi-document.ts';

type Content = Record<string, { schema?: unknown }>;
type Operation = { responses: Record<string, { content?: Content }> };
export type OpenApiDoc = { paths: Record<string, Record<string, Operation>> };

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * The body as text; an event stream (never ends) is read for a moment and then cancelled.
 *
 * @example
 * const text = await bodyText(await app.request('/api/live')); // the first events, if any
 */
export async function bodyText(res: Response): Promise<string> {
  if (!res.headers.get('content-type')?.includes('text/event-stream') || !res.body) return new TextDecoder().decode(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: string[] = [];
  const until = Date.now() + 200;
  while (Date.now() < until) {
    const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), until - Date.now()))]);
    if (!next || next.done) break;
    chunks.push(new TextDecoder().decode(next.value));
  }
  await reader.cancel();
  return chunks.join('');
}

/**
 * A checker of responses against one document; `check` answers the problems found (empty: documented).
 *
 * @example
 * const checker = responseChecker(doc);
 * const problems = checker.check('GET', '/api/health', 200, 'application/json', '{"status":"ok",…}');
 */
export function responseChecker(doc: OpenApiDoc) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema(doc as object, 'openapi');
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  const validator = (ref: string) => {
    let validate = compiled.get(ref);
    if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: `openapi#/${ref}` })));
    return validate;
  };
  return {
    /** Problems of one answer to `METHOD honoPath` (the route as registered, e.g. `/api/incidents/:id`). */
    check(method: string, honoPath: string, status: number, contentType: string | null, text: string): string[] {
      const path = openApiPath(honoPath).path;
      const operation = doc.paths[path]?.[method.toLowerCase()];
      if (!operation) return [`${method} ${path} is not in the document`];
      const response = operation.responses[String(status)];
      if (!response) return [`status ${status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`];
      if (!response.content) return text.length ? [`status ${status} documents no body, got ${text.length} bytes`] : [];
      const type = contentType?.split(';')[0]!.trim().toLowerCase() ?? '';
      if (!(type in response.content))
        return [`media type ${type || '(none)'} is not documented for ${status} (documented: ${Object.keys(response.content).join(', ')})`];
      if (!response.content[type]!.schema) return [`${status} ${type} documents no body schema`];
      if (!/json/.test(type)) return [];
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return [`${type} body is not JSON: ${text.slice(0, 80)}`];
      }
      const validate = validator(pointer('paths', path, method.toLowerCase(), 'responses', String(status), 'content', type, 'schema'));
      if (validate(body)) return [];
      return (validate.errors ?? []).slice(0, 3).map((e) => `body ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    },
  };
}
