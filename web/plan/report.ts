/**
 * The printable A4 report: the map as an image, the parameters and the current tab's tables, laid out
 * by print CSS (styles.css, @page A4). `window.print()` gives paper or a PDF; the map alone can also
 * be downloaded as PNG.
 */
import type maplibregl from 'maplibre-gl';
import { el } from '../kit/dom.ts';
import { currentLang } from '../kit/i18n.ts';
import { m } from './i18n.ts';
import { gainChartImage } from './chart.ts';
import { plan } from './state.ts';

const mapImage = (map: maplibregl.Map) => {
  map.triggerRepaint();
  return map.getCanvas().toDataURL('image/png');
};

const kindNames = () =>
  plan.kinds
    .map((kind) => plan.registry.find((k) => k.kind === kind))
    .map((k) => (k ? (currentLang() === 'en' ? k.nameEn : k.nameZh) : ''))
    .join('、');

/** Fills the hidden #report section from what the page shows now. */
export function buildReport(host: HTMLElement, map: maplibregl.Map, side: HTMLElement) {
  const t = m();
  const params = [
    `${t.tabs[plan.tab]}`,
    plan.tab !== 'hotspots' ? `${t.kinds}: ${kindNames()} · ${t.radius}: ${plan.radius}` : `${t.period}: ${plan.from} – ${plan.to}`,
    `${t.area}: ${[plan.districts.find((d) => d.code === plan.district)?.name, plan.streets.find((s) => s.code === plan.street)?.name].filter(Boolean).join(' ') || t.city}`,
  ].join(' · ');
  const results = [...side.querySelectorAll('section.result')].map((section) => {
    const copy = section.cloneNode(true) as HTMLElement;
    copy.removeAttribute('id');
    copy.querySelectorAll('form, button, input, .chart, a').forEach((node) => node.remove());
    return copy;
  });
  const chart = plan.tab === 'siting' ? gainChartImage() : null;
  const parts: (Node | null)[] = [
    el(
      'header',
      {},
      el('h1', {}, `${t.report} · ${t.tabs[plan.tab]}`),
      el('p', {}, params),
      el('p', { class: 'note' }, `${t.generated}: ${new Date().toLocaleString()} · ${plan.tab === 'hotspots' ? t.hotspotNote : t.note} · ${t.synthetic}`),
    ),
    el('img', { class: 'map-image', src: mapImage(map), alt: 'map' }),
    chart ? el('img', { class: 'chart-image', src: chart, alt: 'chart' }) : null,
    ...results,
  ];
  host.replaceChildren(...parts.filter((p): p is Node => p !== null));
}

/** Opens the print dialog with the report (A4; "save as PDF" in the browser's dialog). */
export function printReport(host: HTMLElement, map: maplibregl.Map, side: HTMLElement) {
  buildReport(host, map, side);
  window.print();
}

/** Downloads the map view as a PNG. */
export function downloadMapPng(map: maplibregl.Map) {
  const link = el('a', { href: mapImage(map), download: `plan-map-${plan.tab}-${new Date().toISOString().slice(0, 10)}.png` });
  document.body.append(link);
  link.click();
  link.remove();
}
