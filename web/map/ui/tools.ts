/**
 * The map tools as a MapLibre control (bottom right): measure distance and area, full screen, and
 * print/export the view as PNG or an A4/A3 PDF. The measured value shows beside the buttons.
 */
import maplibregl from 'maplibre-gl';
import { el } from '../../kit/dom.ts';
import { t } from '../i18n/index.ts';
import { createMeasure, type MeasureMode } from '../tools/measure.ts';
import { exportPdf, exportPng, type PrintInfo } from '../tools/print.ts';

const icons = {
  distance: '<path d="M1 11 11 1l4 4L5 15z"/><path d="M4 8l1.5 1.5M6.5 5.5 8 7M9 3l1.5 1.5"/>',
  area: '<path d="M8 1.5 14.5 6 12 14.5H4L1.5 6z"/>',
  clear: '<path d="M3 3l10 10M13 3 3 13"/>',
  print: '<path d="M4 6V1.5h8V6M4 12H1.5V6h13v6H12"/><path d="M4 9.5h8v5H4z"/>',
};

/**
 * Adds the tool buttons and the full-screen control; `info` describes the printout at the moment of printing.
 *
 * @example
 * const tools = addTools(map, () => ({ title, subtitle, siteKinds }));
 */
export function addTools(map: maplibregl.Map, info: () => PrintInfo): { relabel(): void; measuring(): boolean } {
  const output = el('div', { class: 'measure-result', 'data-testid': 'measure-result', hidden: true });
  const measure = createMeasure(map, (mode, text) => {
    output.hidden = !mode && !text;
    output.textContent = text || (mode ? t().measureHint : '');
    for (const button of [distance, area]) button.classList.toggle('on', button.dataset.mode === mode);
  });
  const button = (tool: string, glyph: string, onclick: () => void) => {
    const b = el('button', { type: 'button', 'data-tool': tool, onclick });
    // constant inline icons: no emoji or icon font is needed (an intranet PC may have neither)
    b.innerHTML = `<svg viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5" aria-hidden="true">${glyph}</svg>`;
    return b;
  };
  const distance = button('distance', icons.distance, () => measure.toggle('distance'));
  distance.dataset.mode = 'distance' satisfies MeasureMode;
  const area = button('area', icons.area, () => measure.toggle('area'));
  area.dataset.mode = 'area' satisfies MeasureMode;
  const clear = button('clear', icons.clear, () => measure.clear());
  const menu = el(
    'div',
    { class: 'print-menu', hidden: true },
    el('button', { type: 'button', 'data-print': 'png', onclick: () => run(() => exportPng(map, info())) }, 'PNG'),
    el('button', { type: 'button', 'data-print': 'a4', onclick: () => run(() => exportPdf(map, info(), 'a4')) }, 'PDF A4'),
    el('button', { type: 'button', 'data-print': 'a3', onclick: () => run(() => exportPdf(map, info(), 'a3')) }, 'PDF A3'),
  );
  const run = (job: () => unknown) => {
    menu.hidden = true;
    // draw a fresh frame first: the canvas must hold the current view when it is copied
    map.once('render', () => void job());
    map.triggerRepaint();
  };
  const print = button('print', icons.print, () => (menu.hidden = !menu.hidden));
  const group = el('div', { class: 'maplibregl-ctrl maplibregl-ctrl-group map-tools' }, distance, area, clear, print);
  const control: maplibregl.IControl = {
    onAdd: () => el('div', { class: 'tools-wrap' }, output, menu, group),
    onRemove: () => undefined,
  };
  map.addControl(new maplibregl.FullscreenControl({ container: document.body }), 'bottom-right');
  map.addControl(control, 'bottom-right');
  const relabel = () => {
    const m = t();
    const titles: Record<string, string> = { distance: m.measureDistance, area: m.measureArea, clear: m.measureClear, print: m.print };
    for (const b of [distance, area, clear, print]) {
      b.title = titles[b.dataset.tool!]!;
      b.setAttribute('aria-label', b.title);
    }
  };
  relabel();
  return { relabel, measuring: () => measure.active() !== null };
}
