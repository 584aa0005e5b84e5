import { everyone, staff } from '../../../core/access/roles.ts';
import {
  fieldCategoriesSchema,
  locateQuerySchema,
  locateResultSchema,
  nearbyIncidentsQuerySchema,
  nearbyIncidentsResultSchema,
  searchQuerySchema,
  searchResultSchema,
} from '../../../core/contracts/field.ts';
import { declareRoute } from '../declare.ts';

export const locateRoute = declareRoute({
  method: 'get',
  path: '/locate',
  summary: 'Where am I: district to grid, the grid’s worker (masked), the nearest mediation sites and watch posts',
  access: { roles: staff, scoped: true, personal: true },
  query: locateQuerySchema,
  response: locateResultSchema,
  // a point outside the city
  errors: [404],
});

export const nearbyIncidentsRoute = declareRoute({
  method: 'get',
  path: '/locate/incidents',
  summary: 'Open incidents of a category near a point, any area (duplicate hints before reporting); descriptions only in the caller’s area',
  access: { roles: staff, scoped: true },
  query: nearbyIncidentsQuerySchema,
  response: nearbyIncidentsResultSchema,
});

export const fieldCategoriesRoute = declareRoute({
  method: 'get',
  path: '/field/categories',
  summary: 'The report form’s incident categories and dispute types',
  access: { roles: everyone },
  response: fieldCategoriesSchema,
});

export const searchRoute = declareRoute({
  method: 'get',
  path: '/search',
  summary: 'Places by Chinese substring, pinyin, pinyin initials or code prefix, ranked, each with a bbox',
  access: { roles: everyone },
  query: searchQuerySchema,
  response: searchResultSchema,
});
