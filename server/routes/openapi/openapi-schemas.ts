import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { errorResponseSchema } from '../../../core/contracts/errors.ts';
import { open311ErrorSchema } from '../../../core/contracts/open311.ts';
import { contractName, pascal } from './contract-names.ts';

export type Json = Record<string, unknown>;

/** Which OpenAPI version a document is rendered as: 3.1 (JSON Schema 2020-12) or 3.0 (its Schema Object). */
export type OpenApiVersion = '3.1' | '3.0';

/**
 * A zod schema as the document's schema dialect: JSON Schema 2020-12 for 3.1, the OpenAPI 3.0 Schema
 * Object (`nullable`, no `const`) for 3.0, as a request (`input`: defaults optional) or response reads it.
 *
 * @example
 * jsonSchema(z.object({ a: z.string().nullable() }), 'output', '3.0') // { type: 'object', properties: { a: { type: 'string', nullable: true } }, … }
 */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output', version: OpenApiVersion): Json {
  const target = version === '3.0' ? 'openapi-3.0' : 'draft-2020-12';
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, target, unrepresentable: 'any' }) as Json;
  return tidy(rest, version) as Json;
}

const distinct = (items: unknown[]) => [...new Map(items.map((item) => [JSON.stringify(item), item])).values()];
const isEmpty = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * What zod writes that linters (Redocly, Spectral) reject though it is valid, rewritten to the same
 * meaning: `anyOf` with an empty (any value) branch is any value; a 3.0 `nullable` without `type`
 * adds nothing; a tuple's `prefixItems` gets `items` (Spectral wants it on every array) bounded by
 * its length.
 */
function tidy(value: unknown, version: OpenApiVersion): unknown {
  if (Array.isArray(value)) return value.map((item) => tidy(item, version));
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, tidy(inner, version)]));
  if (Array.isArray(out.anyOf)) {
    const branches = distinct(out.anyOf);
    if (branches.some(isEmpty)) delete out.anyOf;
    else if (branches.length === 1 && Object.keys(out).length === 1) return branches[0];
    else out.anyOf = branches;
  }
  if (version === '3.0' && out.nullable === true && out.type === undefined) delete out.nullable;
  if (Array.isArray(out.prefixItems) && (out.items === undefined || out.items === false)) {
    const kinds = distinct(out.prefixItems);
    out.items = kinds.length === 1 ? kinds[0] : { anyOf: kinds };
    out.minItems ??= out.prefixItems.length;
    out.maxItems = out.prefixItems.length;
  }
  return out;
}

/**
 * JSON media types (`application/json`, `application/geo+json`, …): their body is the declared schema.
 *
 * @example
 * isJsonType('application/geo+json') // true
 */
export const isJsonType = (type: string) => /^application\/([\w.-]+\+)?json\b/.test(type);

/**
 * The body schema of a non-JSON media type: text as a string, anything else as bytes.
 *
 * @example
 * nonJsonSchema('image/png') // { type: 'string', format: 'binary' }
 */
export const nonJsonSchema = (type: string): Json => (type.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' });

/**
 * The schema components of one document. A schema is named by the route's `names`, else its contract
 * export name, else the operation. A request reads a schema differently from a response (defaults are
 * optional), so an input under a response's name gets `…Input`; should two different schemas still
 * meet under one name, the later one is numbered rather than pointed at the other's schema.
 *
 * @example
 * const components = componentRegistry('3.1');
 * components.add('Health', healthResponseSchema, 'output') // { $ref: '#/components/schemas/Health' }
 */
export function componentRegistry(version: OpenApiVersion) {
  const schemas: Record<string, Json> = {
    Error: jsonSchema(errorResponseSchema, 'output', version),
    Open311Errors: jsonSchema(open311ErrorSchema, 'output', version),
  };
  const add = (name: string, schema: z.ZodType, io: 'input' | 'output') => {
    const json = jsonSchema(schema, io, version);
    const base = io === 'input' && name.endsWith('Response') ? `${name}Input` : name;
    let key = base;
    for (let n = 2; schemas[key] && !isDeepStrictEqual(schemas[key], json); n++) key = `${base}${n}`;
    schemas[key] = json;
    return { $ref: `#/components/schemas/${key}` };
  };
  const named = (preferred: string | undefined, schema: z.ZodType, fallback: string) => pascal(preferred ?? contractName(schema) ?? fallback);
  return { schemas, add, named };
}
