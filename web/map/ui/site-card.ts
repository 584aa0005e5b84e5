import type { SiteCard, SiteContact } from '../../../core/contracts/sites.ts';
import { kindColor } from '../app/site-kinds.ts';
import { currentLang } from '../../kit/i18n.ts';
import { el } from '../../kit/dom.ts';
import { t } from '../i18n/index.ts';

/**
 * The card of a site: kind, name, address, hours, the areas it lies in, the communities it serves and
 * its contact person — masked, for signed-in staff in their area; `contact` is 'hidden' for the public
 * and null when none is recorded or the site lies outside the caller's area.
 *
 * @example
 * renderSiteCard(cardRoot, site, contact, () => select(null));
 */
export function renderSiteCard(root: HTMLElement, site: SiteCard, contact: SiteContact | null | 'hidden', close: () => void) {
  const m = t();
  const row = (label: string, value: string | Node) => el('div', { class: 'row' }, el('dt', {}, label), el('dd', {}, value));
  const contactText =
    contact === 'hidden'
      ? m.loginToSee
      : contact && (contact.name || contact.phone)
        ? `${contact.name ?? ''} ${contact.phone ?? ''}`.trim()
        : site.hasContact
          ? m.outOfScope
          : m.notRecorded;
  const areas = [site.district, site.street, site.community].filter((a): a is { code: string; name: string } => a !== null).map((a) => a.name);
  root.hidden = false;
  root.dataset.kind = 'site';
  const children: (Node | null)[] = [
    el('button', { type: 'button', class: 'close', 'aria-label': m.close, onclick: close }, '×'),
    el(
      'p',
      { class: 'level', 'data-testid': 'site-kind' },
      el('span', { class: 'dot', style: `background:${kindColor(site.kind)}` }),
      ` ${currentLang() === 'en' ? site.kindName.en : site.kindName.zh}`,
    ),
    el('h2', { 'data-testid': 'card-name' }, site.name),
    areas.length ? el('p', { class: 'chain' }, areas.join(' › ')) : null,
    el(
      'dl',
      {},
      row(m.code, site.code),
      row(m.address, site.address ?? m.notRecorded),
      row(m.hours, site.hours ?? m.notRecorded),
      row(m.contact, el('span', { 'data-testid': 'site-contact' }, contactText)),
      row(m.location, `${site.location[0].toFixed(5)}, ${site.location[1].toFixed(5)}`),
    ),
    el('h3', {}, `${m.serves} (${site.serves.length})`),
    site.serves.length
      ? el('ul', { class: 'sites', 'data-testid': 'site-serves' }, ...site.serves.map((c) => el('li', {}, c.name)))
      : el('p', { class: 'muted' }, m.none),
    site.synthetic ? el('p', { class: 'muted small' }, m.synthetic) : null,
  ];
  root.replaceChildren(...children.filter((child): child is Node => child !== null));
}
