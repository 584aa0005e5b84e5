import type maplibregl from 'maplibre-gl';
import type { AreaCard } from '../../../core/contracts/map.ts';
import { t } from '../i18n/index.ts';
import { SHENYANG, fitPadding } from '../../kit/map/create-map.ts';
import { el } from '../../kit/dom.ts';

/** 沈阳市 › 区 › 街道 › 社区 › 网格: each crumb zooms back out to that area. */
export function renderBreadcrumbs(root: HTMLElement, map: maplibregl.Map, card: AreaCard | null, select: (code: string | null) => void) {
  const crumb = (label: string, bbox: [number, number, number, number], code: string | null, current: boolean) =>
    el(
      'button',
      {
        type: 'button',
        class: current ? 'crumb current' : 'crumb',
        'aria-current': current ? 'page' : undefined,
        onclick: () => {
          map.fitBounds(bbox, { padding: fitPadding(), maxZoom: 16 });
          select(code);
        },
      },
      label,
    );
  const items: HTMLElement[] = [crumb(t().city, SHENYANG, null, !card)];
  for (const [i, area] of (card?.chain ?? []).entries()) {
    items.push(el('span', { class: 'sep', 'aria-hidden': 'true' }, '›'));
    items.push(crumb(area.name, area.bbox, area.code, i === card!.chain.length - 1));
  }
  root.replaceChildren(...items);
}
