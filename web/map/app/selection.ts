import type maplibregl from 'maplibre-gl';
import { api } from '../api.ts';
import type { AreaCard, GridWorkerContact } from '../../../core/contracts/map.ts';
import { areaCard } from '../../kit/areas.ts';
import { showSelected } from '../../kit/map/areas.ts';
import { renderBreadcrumbs } from '../ui/breadcrumbs.ts';
import { renderCard } from '../ui/card.ts';
import { signedIn, state } from './state.ts';

let card: AreaCard | null = null;
let worker: GridWorkerContact | null | 'hidden' = null;

/** Selects an area by code (null: the city): outline, card, breadcrumbs. */
export function createSelection(map: maplibregl.Map, cardRoot: HTMLElement, crumbsRoot: HTMLElement) {
  const render = () => {
    renderCard(cardRoot, card, worker, () => select(null));
    renderBreadcrumbs(crumbsRoot, map, card, select);
  };
  async function select(code: string | null) {
    state.selected = code;
    showSelected(map, code);
    if (!code) {
      card = null;
      return render();
    }
    const loaded = await areaCard(code);
    if (state.selected !== code) return;
    card = loaded;
    worker = loaded.level !== 'grid' || !loaded.worker ? null : signedIn() ? await api.worker(code).catch(() => null) : 'hidden';
    render();
  }
  return { select, render };
}
