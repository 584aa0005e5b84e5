/**
 * What is selected on the map — an area, a site or a gazetteer place — with its card, outline or
 * highlight and the breadcrumbs; the selection is part of the URL state.
 */
import type maplibregl from 'maplibre-gl';
import { api } from '../api.ts';
import type { AreaCard, GridWorkerContact } from '../../../core/contracts/map.ts';
import type { SearchHit } from '../../../core/contracts/field.ts';
import type { SiteCard, SiteContact } from '../../../core/contracts/sites.ts';
import { areaCard } from '../../kit/areas.ts';
import { showSelected } from '../../kit/map/areas.ts';
import { fitPadding } from '../../kit/map/create-map.ts';
import { bboxOutline, highlight } from '../map/highlight.ts';
import { renderBreadcrumbs } from '../ui/breadcrumbs.ts';
import { renderCard } from '../ui/card.ts';
import { renderSiteCard } from '../ui/site-card.ts';
import { changed, signedIn, state } from './state.ts';

let card: AreaCard | null = null;
let worker: GridWorkerContact | null | 'hidden' = null;
let site: { card: SiteCard; contact: SiteContact | null | 'hidden' } | null = null;

const areaKinds = new Set(['district', 'street', 'community', 'grid']);

/** Selects an area by code (null: the city), a site or a place: outline or highlight, card, breadcrumbs. */
export function createSelection(map: maplibregl.Map, cardRoot: HTMLElement, crumbsRoot: HTMLElement) {
  const render = () => {
    if (site) renderSiteCard(cardRoot, site.card, site.contact, () => void select(null));
    else {
      delete cardRoot.dataset.kind;
      renderCard(cardRoot, card, worker, () => void select(null));
    }
    renderBreadcrumbs(crumbsRoot, map, card, (code) => void select(code));
  };
  const clear = () => {
    card = null;
    site = null;
    state.selected = state.site = state.place = null;
    showSelected(map, null);
    highlight(map, null);
  };

  async function select(code: string | null) {
    clear();
    state.selected = code;
    changed('selected');
    showSelected(map, code);
    if (!code) return render();
    const loaded = await areaCard(code).catch(() => null);
    if (state.selected !== code) return;
    card = loaded;
    worker = !loaded || loaded.level !== 'grid' || !loaded.worker ? null : signedIn() ? await api.worker(code).catch(() => null) : 'hidden';
    render();
  }

  async function selectSite(code: string, fly = false) {
    clear();
    state.site = code;
    changed('selected');
    const loaded = await api.site(code).catch(() => null);
    if (state.site !== code) return;
    if (!loaded) return render();
    const contact = !signedIn() ? 'hidden' : loaded.hasContact ? await api.siteContact(code).catch(() => null) : null;
    if (state.site !== code) return;
    site = { card: loaded, contact };
    highlight(map, { type: 'Point', coordinates: loaded.location });
    if (fly) map.flyTo({ center: loaded.location, zoom: Math.max(map.getZoom(), 16), padding: fitPadding() });
    render();
  }

  async function selectPlace(code: string, fly = false) {
    clear();
    state.place = code;
    changed('selected');
    render();
    const place = await api.place(code).catch(() => null);
    if (state.place !== code || !place) return;
    highlight(map, place.geometry as GeoJSON.Geometry);
    if (fly) flyToGeometry(map, place.geometry as GeoJSON.Geometry);
  }

  /** A search hit: fly there and highlight it (areas are selected with their card, sites open theirs). */
  function showHit(hit: SearchHit) {
    const [w, s, e, n] = hit.bbox;
    if (areaKinds.has(hit.kind)) {
      map.fitBounds(hit.bbox, { padding: fitPadding(), maxZoom: 16 });
      return void select(hit.code);
    }
    if (hit.kind === 'site') return void selectSite(hit.code, true);
    if (hit.kind === 'place') return void selectPlace(hit.code, true);
    clear();
    changed('selected');
    render();
    if (w === e && s === n) {
      highlight(map, { type: 'Point', coordinates: [w, s] });
      map.flyTo({ center: [w, s], zoom: Math.max(map.getZoom(), 16.5), padding: fitPadding() });
    } else {
      highlight(map, bboxOutline(hit.bbox));
      map.fitBounds(hit.bbox, { padding: fitPadding(), maxZoom: 16 });
    }
  }
  return { select, selectSite, selectPlace, showHit, render };
}

function flyToGeometry(map: maplibregl.Map, geometry: GeoJSON.Geometry) {
  const points: number[][] =
    geometry.type === 'Point'
      ? [geometry.coordinates]
      : geometry.type === 'LineString'
        ? geometry.coordinates
        : geometry.type === 'MultiLineString'
          ? geometry.coordinates.flat()
          : [];
  if (!points.length) return;
  const xs = points.map((p) => p[0]!);
  const ys = points.map((p) => p[1]!);
  map.fitBounds([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], { padding: fitPadding(), maxZoom: 16.5 });
}
