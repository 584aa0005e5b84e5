/** Export links of the current tab: server exports for coverage and hotspots, client files for an unsaved siting result. */
import { el } from '../kit/dom.ts';
import { query } from '../kit/http.ts';
import { scenarioCsv, scenarioGeoJson } from '../../core/formats/siting-export.ts';
import { m } from './i18n.ts';
import { coverageQuery } from './params.ts';
import { area, plan } from './state.ts';

/** A button that builds the file only when clicked (no object URL lingers per render). */
const blobButton = (label: string, name: string, type: string, content: () => string) =>
  el(
    'button',
    {
      type: 'button',
      onclick: () => {
        const url = URL.createObjectURL(new Blob([content()], { type }));
        const link = el('a', { href: url, download: name });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      },
    },
    label,
  );

export function exportLinks(): HTMLElement {
  const box = el('span', { class: 'exports' }, `${m().export}: `);
  if (plan.tab === 'coverage' && plan.coverage) {
    box.append(
      el('a', { class: 'button', href: `/api/coverage/export?format=csv&${coverageQuery()}`, download: '' }, 'CSV'),
      el('a', { class: 'button', href: `/api/coverage/export?format=geojson&${coverageQuery()}`, download: '' }, 'GeoJSON'),
    );
  } else if (plan.tab === 'hotspots' && plan.hotspots) {
    const q = query({ from: plan.from, to: plan.to, group: plan.group, area: area() });
    box.append(
      el('a', { class: 'button', href: `/api/hotspots/export?format=csv&${q}`, download: '' }, 'CSV'),
      el('a', { class: 'button', href: `/api/hotspots/export?format=geojson&${q}`, download: '' }, 'GeoJSON'),
    );
  } else if (plan.tab === 'siting' && plan.siting) {
    const stem = `siting-k${plan.siting.k}-${plan.siting.area ?? 'city'}`;
    const result = plan.siting;
    box.append(
      blobButton('CSV', `${stem}.csv`, 'text/csv;charset=utf-8', () => scenarioCsv(result)),
      blobButton('GeoJSON', `${stem}.geojson`, 'application/geo+json', () => JSON.stringify(scenarioGeoJson({ name: stem, result }))),
    );
  } else return el('span');
  return box;
}
