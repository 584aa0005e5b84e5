/**
 * Print / export the current view: the map canvas (MapLibre and the interleaved deck.gl layers share
 * it) framed with a title, the legend of the visible layers, a scale bar, a north arrow, the date and
 * the data attribution — as a PNG, or as an A4/A3 landscape PDF (jsPDF, loaded on demand).
 *
 * The PDF's standard fonts have no Chinese glyphs and no CJK TrueType font ships with the app, so the
 * Chinese title and legend are part of the page image; the PDF adds the same facts as real (English)
 * text under it: title, legend, scale, north, date, attribution.
 */
import type maplibregl from 'maplibre-gl';
import { ATTRIBUTION } from '../../../core/contracts/map.ts';
import { t } from '../i18n/index.ts';
import { legendItems, type LegendItem } from './legend-items.ts';

export interface PrintInfo {
  title: string;
  /** e.g. the selected area and the incident time window */
  subtitle: string;
  siteKinds: string[];
}

/** Local date YYYY-MM-DD in Asia/Shanghai (the date on the printout). */
export const printDate = (now = new Date()) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A round scale-bar length (1, 2 or 5 × 10ⁿ metres) of at most `maxPx` pixels, and its width in pixels. */
export function scaleBar(map: maplibregl.Map, maxPx: number, pixelRatio: number): { metres: number; px: number; label: string } {
  const lat = map.getCenter().lat;
  const metresPerPx = (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom()) / pixelRatio;
  const max = maxPx * metresPerPx;
  const power = 10 ** Math.floor(Math.log10(max));
  const metres = [5, 2, 1].map((f) => f * power).find((v) => v <= max) ?? power;
  return { metres, px: metres / metresPerPx, label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m` };
}

function drawLegend(ctx: CanvasRenderingContext2D, items: LegendItem[], x: number, y: number, s: number, heading: string) {
  const row = 20 * s;
  const width = 250 * s;
  const height = (items.length + 1) * row + 14 * s;
  ctx.fillStyle = 'rgba(255,255,255,0.92)';
  ctx.fillRect(x, y, width, height);
  ctx.strokeStyle = '#999';
  ctx.strokeRect(x, y, width, height);
  ctx.fillStyle = '#222';
  ctx.font = `bold ${13 * s}px "Noto Sans CJK SC", sans-serif`;
  ctx.fillText(heading, x + 10 * s, y + 18 * s);
  ctx.font = `${12 * s}px "Noto Sans CJK SC", sans-serif`;
  items.forEach((item, i) => {
    const cy = y + (i + 1.5) * row + 4 * s;
    if (item.shape === 'dot') {
      ctx.fillStyle = item.colors[0]!;
      ctx.beginPath();
      ctx.arc(x + 18 * s, cy - 4 * s, 5 * s, 0, 2 * Math.PI);
      ctx.fill();
    } else if (item.shape === 'line') {
      ctx.fillStyle = item.colors[0]!;
      ctx.fillRect(x + 10 * s, cy - 5 * s, 18 * s, 3 * s);
    } else {
      const gradient = ctx.createLinearGradient(x + 10 * s, 0, x + 28 * s, 0);
      item.colors.forEach((c, j) => gradient.addColorStop(j / (item.colors.length - 1), c));
      ctx.fillStyle = gradient;
      ctx.fillRect(x + 10 * s, cy - 10 * s, 18 * s, 10 * s);
    }
    ctx.fillStyle = '#222';
    ctx.fillText(item.label, x + 36 * s, cy);
  });
}

function drawNorthArrow(ctx: CanvasRenderingContext2D, x: number, y: number, s: number, bearing: number) {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate((-bearing * Math.PI) / 180);
  ctx.fillStyle = '#222';
  ctx.beginPath();
  ctx.moveTo(0, -22 * s);
  ctx.lineTo(9 * s, 12 * s);
  ctx.lineTo(0, 5 * s);
  ctx.lineTo(-9 * s, 12 * s);
  ctx.closePath();
  ctx.fill();
  ctx.font = `bold ${14 * s}px sans-serif`;
  ctx.textAlign = 'center';
  ctx.fillText('N', 0, -26 * s);
  ctx.restore();
}

/**
 * The framed map image: title bar, map, legend, scale bar, north arrow, footer with date and attribution.
 *
 * @example
 * const canvas = composeMap(map, { title: '平安网格一张图', subtitle: '沈河区', siteKinds: ['watch_post'] });
 */
export function composeMap(map: maplibregl.Map, info: PrintInfo): { canvas: HTMLCanvasElement; scale: ReturnType<typeof scaleBar>; items: LegendItem[] } {
  const m = t();
  const source = map.getCanvas();
  const ratio = source.width / source.clientWidth || 1;
  const s = Math.max(1, ratio);
  const header = 56 * s;
  const footer = 30 * s;
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height + header + footer;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(source, 0, header);
  ctx.fillStyle = '#222';
  ctx.font = `bold ${22 * s}px "Noto Sans CJK SC", sans-serif`;
  ctx.fillText(info.title, 16 * s, 30 * s);
  ctx.font = `${13 * s}px "Noto Sans CJK SC", sans-serif`;
  ctx.fillStyle = '#555';
  ctx.fillText(info.subtitle, 16 * s, 48 * s);
  const items = legendItems(info.siteKinds);
  drawLegend(ctx, items, canvas.width - 266 * s, header + 16 * s, s, m.legend);
  const scale = scaleBar(map, 160 * s, ratio);
  const bx = 20 * s;
  const by = header + source.height - 24 * s;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(bx - 8 * s, by - 22 * s, scale.px + 60 * s, 32 * s);
  ctx.fillStyle = '#222';
  ctx.fillRect(bx, by, scale.px, 4 * s);
  ctx.fillRect(bx, by - 6 * s, 2 * s, 10 * s);
  ctx.fillRect(bx + scale.px - 2 * s, by - 6 * s, 2 * s, 10 * s);
  ctx.font = `${12 * s}px sans-serif`;
  ctx.fillText(`0`, bx - 3 * s, by - 9 * s);
  ctx.fillText(scale.label, bx + scale.px - 10 * s, by - 9 * s);
  drawNorthArrow(ctx, canvas.width - 300 * s, header + 44 * s, s, map.getBearing());
  ctx.fillStyle = '#555';
  ctx.font = `${11 * s}px "Noto Sans CJK SC", sans-serif`;
  ctx.fillText(`${m.printedOn} ${printDate()} · ${m.dataSource}: ${ATTRIBUTION} · ${m.synthetic}`, 16 * s, canvas.height - 10 * s);
  return { canvas, scale, items };
}

const download = (href: string, name: string) => {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
};

/** Saves the framed view as `pingan-map-YYYY-MM-DD.png`. */
export function exportPng(map: maplibregl.Map, info: PrintInfo) {
  download(composeMap(map, info).canvas.toDataURL('image/png'), `pingan-map-${printDate()}.png`);
}

/** Saves the framed view as a landscape A4 or A3 PDF, with the legend, scale, north, date and sources as text. */
export async function exportPdf(map: maplibregl.Map, info: PrintInfo, format: 'a4' | 'a3') {
  const { jsPDF } = await import('jspdf');
  const { canvas, scale, items } = composeMap(map, info);
  const pdf = new jsPDF({ orientation: 'landscape', unit: 'mm', format });
  const page = { w: pdf.internal.pageSize.getWidth(), h: pdf.internal.pageSize.getHeight() };
  const margin = 10;
  const textHeight = 26;
  const fit = Math.min((page.w - 2 * margin) / canvas.width, (page.h - 2 * margin - textHeight) / canvas.height);
  const [w, h] = [canvas.width * fit, canvas.height * fit];
  pdf.addImage(canvas.toDataURL('image/jpeg', 0.92), 'JPEG', (page.w - w) / 2, margin, w, h);
  const ascii = (text: string) =>
    text
      .replace(/[^\x20-\x7e]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const mapWidthM = (scale.metres / scale.px) * map.getCanvas().width;
  const ratio = Math.round(mapWidthM / ((w * map.getCanvas().width) / canvas.width / 1000) / 100) * 100;
  const lines = [
    `Pingan Grid map - ${ascii(info.subtitle) || 'Shenyang'} - printed ${printDate()} (Asia/Shanghai)`,
    `Legend: ${items.map((item) => item.english).join('; ')}`,
    `Scale bar: 0 - ${scale.label} (about 1:${ratio.toLocaleString('en')} on this ${format.toUpperCase()} page). North arrow: north is up${map.getBearing() ? ` rotated ${Math.round(map.getBearing())} deg` : ''}.`,
    `Data sources: ${ascii(ATTRIBUTION)}; demo data below district level is synthetic. Map: Pingan Grid (MapLibre, deck.gl).`,
  ];
  pdf.setFontSize(9);
  pdf.text(pdf.splitTextToSize(lines.join('\n'), page.w - 2 * margin) as string[], margin, margin + h + 6);
  pdf.save(`pingan-map-${printDate()}-${format}.pdf`);
}
