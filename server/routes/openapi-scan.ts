import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { z } from 'zod';

/**
 * Finds, for each route declared in server/routes/*.ts, the zod schemas its handler validates with, by
 * reading the route source: `schema.parse(c.req.query())`, `schema.parse(c.req.param())`,
 * `readJson(c, schema)`, and a response typed `const body: T` / `satisfies T` whose schema `tSchema`
 * is exported by server/contracts. So the OpenAPI document uses the very schemas that validate
 * requests, and a new route is described without a registry to keep up to date.
 */

export interface RouteSchemas {
  query?: z.ZodType;
  params?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  /** the schemas' export names, for component names */
  names: Partial<Record<'query' | 'params' | 'body' | 'response', string>>;
}

const routesDir = path.dirname(fileURLToPath(import.meta.url));
const contractsDir = path.join(routesDir, '..', 'contracts');

/** Exported zod schemas of every contracts module, by export name (first module wins on a clash). */
async function contractSchemas(): Promise<Map<string, z.ZodType>> {
  const schemas = new Map<string, z.ZodType>();
  for (const file of readdirSync(contractsDir).filter((f) => f.endsWith('.ts')).sort()) {
    const module = (await import(pathToFileURL(path.join(contractsDir, file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      const isSchema = typeof value === 'object' && value !== null && 'safeParse' in value && '_zod' in value;
      if (isSchema && !schemas.has(name)) schemas.set(name, value as z.ZodType);
    }
  }
  return schemas;
}

const declaration = /\.(get|post|put|patch|delete)\(\s*(['`])(\/[^'`]*)\2\s*,\s*(?:access\(|\w+)/g;
const uses = {
  query: /(\w+Schema)\.parse\(\s*c\.req\.query\(\)\s*\)/,
  params: /(\w+Schema)\.parse\(\s*c\.req\.param\(\)\s*\)/,
  body: /readJson\(\s*c\s*,\s*(\w+Schema)\s*\)/,
  response: /(?:const body: (\w+) =|satisfies (\w+)\b)/,
} as const;

/** `IncidentList` → `incidentListSchema` */
const schemaNameOfType = (type: string) => `${type[0]!.toLowerCase()}${type.slice(1)}Schema`;

/**
 * Route key `METHOD /path` (as written in the route file, before mounting) → its schemas.
 *
 * @example
 * const found = await scanRouteSchemas();
 * found.get('POST /incidents')?.body // createIncidentSchema
 */
export async function scanRouteSchemas(): Promise<Map<string, RouteSchemas>> {
  const schemas = await contractSchemas();
  const result = new Map<string, RouteSchemas>();
  for (const file of readdirSync(routesDir).filter((f) => f.endsWith('.ts')).sort()) {
    const source = readFileSync(path.join(routesDir, file), 'utf8');
    const found = [...source.matchAll(declaration)];
    found.forEach((match, i) => {
      const handler = source.slice(match.index, found[i + 1]?.index ?? source.length);
      const entry: RouteSchemas = { names: {} };
      for (const [part, pattern] of Object.entries(uses) as [keyof typeof uses, RegExp][]) {
        const hit = pattern.exec(handler);
        const name = hit && (part === 'response' ? schemaNameOfType(hit[1] ?? hit[2]!) : hit[1]!);
        const schema = name ? schemas.get(name) : undefined;
        if (schema) {
          entry[part] = schema;
          entry.names[part] = name!;
        }
      }
      const key = `${match[1]!.toUpperCase()} ${match[3]}`;
      if (!result.has(key)) result.set(key, entry);
    });
  }
  return result;
}
