import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { maskPersonal } from '../../access/mask.ts';
import { assertInScope, notFound } from '../../access/scope.ts';
import type { Place, SiteCard, SiteContact } from '../../../core/contracts/sites.ts';
import { placeByCode } from '../../../db/queries/places.ts';
import { readSiteCard } from '../../../db/queries/site-card.ts';
import type { RouteHandler } from '../declare.ts';
import type { placeRoute, siteCardRoute, siteContactRoute } from './sites.routes.ts';

/** The public card of a site; the contact person only through the personal route below. */
export const showSiteCard =
  ({ database }: AppDeps): RouteHandler<typeof siteCardRoute> =>
  async (c, { params: { code } }) => {
    const site = await readSiteCard(database.pool, code);
    if (!site) throw notFound(`site ${code}`);
    const { contact, ...rest } = site;
    c.header('Cache-Control', 'no-cache');
    // no site data holds opening hours yet: say so (null) rather than guess them from the kind
    return c.json({ ...rest, hours: null, hasContact: Boolean(contact.name || contact.phone) } satisfies SiteCard);
  };

/** The contact of a site inside the caller's area (404 outside it, like a missing site), masked by role. */
export const showSiteContact =
  ({ database }: AppDeps): RouteHandler<typeof siteContactRoute> =>
  async (c, { params: { code } }) => {
    const principal = callerOf(c);
    const site = await readSiteCard(database.pool, code);
    assertInScope(principal, site?.community?.code ?? site?.street?.code ?? site?.district?.code, `site ${code}`);
    c.header('Cache-Control', 'private, no-store');
    return c.json(maskPersonal(principal, { code, ...site!.contact }, { name: 'name', phone: 'phone' }) satisfies SiteContact);
  };

/** One gazetteer place with its geometry. */
export const showPlace =
  ({ database }: AppDeps): RouteHandler<typeof placeRoute> =>
  async (c, { params: { code } }) => {
    const place = await placeByCode(database.pool, code);
    if (!place) throw notFound(`place ${code}`);
    c.header('Cache-Control', 'no-cache');
    return c.json(place as Place);
  };
