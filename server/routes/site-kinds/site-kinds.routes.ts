import { adminOnly, everyone } from '../../../core/access/roles.ts';
import {
  createSiteKindSchema,
  siteKindParamSchema,
  siteKindRecordSchema,
  siteKindRegistrySchema,
  updateSiteKindSchema,
} from '../../../core/contracts/site-kinds.ts';
import { declareRoute } from '../declare.ts';

export const listSiteKindsRoute = declareRoute({
  method: 'get',
  path: '/site-kinds',
  summary: 'The site-kind registry: names, map colour and shape, locate group, default coverage radius (public; the map legend reads it)',
  access: { roles: everyone },
  response: siteKindRegistrySchema,
});

export const createSiteKindRoute = declareRoute({
  method: 'post',
  path: '/admin/site-kinds',
  summary: 'Add a site kind; it is drawn, listed, located and covered at once',
  access: { roles: adminOnly },
  body: createSiteKindSchema,
  status: 201,
  response: siteKindRecordSchema,
  // the code is taken
  errors: [409],
});

export const updateSiteKindRoute = declareRoute({
  method: 'patch',
  path: '/admin/site-kinds/:code',
  summary: 'Change a site kind (names, colour, shape, locate group, radius) or retire it; a kind in use is retired, never deleted',
  access: { roles: adminOnly },
  params: siteKindParamSchema,
  body: updateSiteKindSchema,
  response: siteKindRecordSchema,
  errors: [404],
});

export const deleteSiteKindRoute = declareRoute({
  method: 'delete',
  path: '/admin/site-kinds/:code',
  summary: 'Delete a site kind no site uses (a mistaken entry); 409 while sites use it: retire it instead',
  access: { roles: adminOnly },
  params: siteKindParamSchema,
  status: 204,
  errors: [404, 409],
});
