import type { AppDeps } from '../../context.ts';
import type { AboutData } from '../../../core/contracts/about.ts';
import { aboutCounts } from '../../../db/queries/about.ts';
import type { RouteHandler } from '../declare.ts';
import type { aboutDataRoute } from './about.routes.ts';
import { articleFigures, dataSources, officialAreas } from './about-facts.ts';

/** Counts from the database beside the article's figures and the cited official district areas. */
export const showAboutData =
  ({ database }: AppDeps): RouteHandler<typeof aboutDataRoute> =>
  async (c) => {
    const counts = await aboutCounts(database.pool);
    const districtAreas = counts.districtAreas.map((d) => {
      const official = officialAreas[d.code];
      return {
        ...d,
        areaKm2: Math.round(d.areaKm2 * 10) / 10,
        officialKm2: official?.km2 ?? null,
        officialSource: official?.source ?? null,
        difference: official ? Math.round(((d.areaKm2 - official.km2) / official.km2) * 1000) / 1000 : null,
      };
    });
    c.header('Cache-Control', 'no-cache');
    return c.json({
      ...counts,
      districtAreas,
      article: articleFigures(counts.streets.total, counts.communities.total),
      sources: dataSources,
    } satisfies AboutData);
  };
