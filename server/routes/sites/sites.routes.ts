import { everyone, staff } from '../../../core/access/roles.ts';
import { placeCodeParamSchema, placeSchema, siteCardSchema, siteCodeParamSchema, siteContactSchema } from '../../../core/contracts/sites.ts';
import { declareRoute } from '../declare.ts';

export const siteCardRoute = declareRoute({
  method: 'get',
  path: '/sites/:code',
  summary: 'Info card of a site: kind, name, address, hours, enclosing areas, the communities it serves (public: names no person)',
  access: { roles: everyone },
  params: siteCodeParamSchema,
  response: siteCardSchema,
});

export const siteContactRoute = declareRoute({
  method: 'get',
  path: '/sites/:code/contact',
  summary: 'The contact person of a site in the caller’s area, name and phone masked by role',
  access: { roles: staff, personal: true, scoped: true },
  params: siteCodeParamSchema,
  response: siteContactSchema,
});

export const placeRoute = declareRoute({
  method: 'get',
  path: '/places/:code',
  summary: 'A gazetteer place (street, road, landmark) with its geometry, for the map to highlight a search hit',
  access: { roles: everyone },
  params: placeCodeParamSchema,
  response: placeSchema,
});
