import { everyone } from '../../../core/access/roles.ts';
import { aboutDataSchema } from '../../../core/contracts/about.ts';
import { declareRoute } from '../declare.ts';

export const aboutDataRoute = declareRoute({
  method: 'get',
  path: '/about/data',
  summary: 'About the data: units by level and kind counted from the database, district areas against official ones, sources, licences',
  access: { roles: everyone },
  response: aboutDataSchema,
});
