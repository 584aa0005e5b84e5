/** The my-grid card and the nearest-sites lists, drawn from one `/api/locate` answer. */
import { el } from '../kit/dom.ts';
import { currentLang } from '../kit/i18n.ts';
import { navigationLinks } from '../../core/contracts/field-coords.ts';
import type { LocateResult, NearbySite } from '../../core/contracts/field.ts';
import { compass, distance, m } from './i18n.ts';

export type PositionSource = 'gps' | 'pin';

const row = (label: string, value: string | null | undefined, code?: string | null) =>
  el('div', { class: 'fc-row' }, el('dt', {}, label), el('dd', {}, value ?? '—', code ? el('small', {}, ` ${code}`) : null));

/**
 * The card for where the caller stands: grid (name, code), community, street, district and the
 * responsible worker (masked), with where the position came from.
 *
 * @example
 * host.replaceChildren(gridCard(result, 'gps'));
 */
export function gridCard(result: LocateResult, source: PositionSource): HTMLElement {
  const t = m().card;
  const worker = result.worker;
  const workerText = !worker ? t.noWorker : worker.inScope ? `${worker.name ?? ''} ${worker.phone ?? ''}`.trim() : `${worker.code} ${t.outOfScope}`;
  return el(
    'section',
    { class: 'field-card', id: 'grid-card', 'data-grid': result.grid?.code ?? '' },
    el(
      'h2',
      {},
      result.grid?.name ?? result.community?.name ?? result.district.name,
      el('span', { class: 'badge' }, t.source[source]),
      result.grid?.synthetic ? el('span', { class: 'badge muted' }, t.synthetic) : null,
    ),
    el(
      'dl',
      {},
      row(t.grid, result.grid?.name, result.grid?.code),
      row(t.community, result.community?.name, result.community?.code),
      row(t.street, result.street?.name, result.street?.code),
      row(t.district, result.district.name, result.district.code),
      row(t.worker, workerText),
    ),
    el('p', { class: 'coords' }, `${result.location.lat.toFixed(6)}, ${result.location.lon.toFixed(6)} (WGS-84)`),
  );
}

function siteItem(site: NearbySite): HTMLElement {
  const t = m().nearest;
  const links = navigationLinks(site.location, site.name);
  return el(
    'li',
    { 'data-code': site.code },
    el('div', { class: 'site-main' }, el('strong', {}, site.name), el('small', {}, currentLang() === 'en' ? site.kindNameEn : site.kindName)),
    el('div', { class: 'site-dist' }, `${distance(site.distanceM)} · ${compass(site.bearingDeg)} ${Math.round(site.bearingDeg)}°`),
    el(
      'div',
      { class: 'site-links' },
      el('a', { href: links.geo, class: 'nav-geo' }, t.navigate),
      el('a', { href: links.amap, class: 'nav-amap', target: '_blank', rel: 'noopener' }, t.amap),
    ),
  );
}

/** The two nearest lists (mediation sites, watch posts), nearest first. */
export function nearestLists(result: LocateResult): HTMLElement {
  const t = m().nearest;
  const list = (title: string, id: string, sites: NearbySite[]) =>
    el(
      'section',
      { class: 'field-card nearest', id },
      el('h2', {}, title),
      sites.length ? el('ol', {}, ...sites.map(siteItem)) : el('p', { class: 'muted' }, t.none),
    );
  const host = el('div', {});
  host.append(list(t.mediation, 'nearest-mediation', result.mediationSites), list(t.watch, 'nearest-watch', result.watchPosts));
  return host;
}
