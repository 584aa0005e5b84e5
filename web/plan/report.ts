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
import { legendFor, mapFigure, sourcesLine } from './report-map.ts';
import { localDay } from '../../core/formats/local-date.ts';

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
  // the period as the user chose it: local days, the last one included
  const period = plan.tab === 'hotspots' ? `${t.period}: ${plan.from} – ${plan.to}` : `${t.asOf}: ${localDay(Date.now())}`;
  const params = [
    `${t.tabs[plan.tab]}`,
    plan.tab !== 'hotspots' ? `${t.kinds}: ${kindNames()} · ${t.radius}: ${plan.radius}` : null,
    period,
    `${t.area}: ${[plan.districts.find((d) => d.code === plan.district)?.name, plan.streets.find((s) => s.code === plan.street)?.name].filter(Boolean).join(' ') || t.city}`,
  ]
    .filter(Boolean)
    .join(' · ');
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
      el(
        'p',
        { class: 'note' },
        `${t.generated}: ${new Date().toLocaleString(currentLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' })} · ${plan.tab === 'hotspots' ? t.hotspotNote : t.note} · ${t.synthetic}`,
      ),
    ),
    mapFigure(map, mapImage(map)),
    legendFor(plan.tab),
    sourcesLine(),
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
  // named by the local days the user sees: the hotspot period, else today in Asia/Shanghai
  const days = plan.tab === 'hotspots' && plan.from && plan.to ? `${plan.from}-${plan.to}` : localDay(Date.now());
  const link = el('a', { href: mapImage(map), download: `plan-map-${plan.tab}-${days}.png` });
  document.body.append(link);
  link.click();
  link.remove();
}
