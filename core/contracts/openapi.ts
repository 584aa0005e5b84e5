import { z } from 'zod';

/** `GET /api/openapi.json`: which OpenAPI version to render (3.0 for clients that read no 3.1, e.g. OWSLib, QGIS). */
export const openApiQuerySchema = z.object({
  version: z.enum(['3.0', '3.1']).default('3.1'),
});

/** The OpenAPI document itself: only its top level is fixed here (the rest is the OpenAPI specification's). */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.string().regex(/^3\.[01]\.\d+$/),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  servers: z.array(z.looseObject({ url: z.string() })),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({}),
});
