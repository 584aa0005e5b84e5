import { everyone } from '../../../core/access/roles.ts';
import { openApiDocumentSchema, openApiQuerySchema } from '../../../core/contracts/openapi.ts';
import { declareRoute } from '../declare.ts';

export const openApiDocumentRoute = declareRoute({
  method: 'get',
  path: '/openapi.json',
  summary: 'This OpenAPI 3.1 document; `?version=3.0` renders the same as OpenAPI 3.0 (for clients that read no 3.1)',
  access: { roles: everyone },
  query: openApiQuerySchema,
  response: openApiDocumentSchema,
  responseTypes: ['application/json', 'application/vnd.oai.openapi+json'],
});

export const docsPageRoute = declareRoute({
  method: 'get',
  path: '/docs',
  summary: 'Interactive API documentation (Swagger UI)',
  access: { roles: everyone },
  responseTypes: ['text/html'],
});

export const docsAssetRoute = declareRoute({
  method: 'get',
  path: '/docs/:asset',
  summary: 'Assets of the documentation page',
  access: { roles: everyone },
  responseTypes: ['text/css', 'text/javascript', 'image/png'],
});
