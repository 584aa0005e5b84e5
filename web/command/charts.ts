/**
 * The dashboard's ECharts. Only the parts used are imported (core + pie/line/bar + grid/tooltip/legend
 * + canvas renderer), which keeps the chunk a fraction of the full build.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { KpiResponse, TrendResponse } from '../../core/contracts/kpis.ts';
import { currentLang } from '../kit/i18n.ts';
import { el } from '../kit/dom.ts';
import { m, pct } from './i18n.ts';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const text = '#cfe3ff';
const muted = '#7f9cc4';
const accent = '#35d0ff';
const good = '#3ee08f';
const line = 'rgba(127,156,196,0.25)';
const charts = new Map<string, echarts.ECharts>();

function chart(id: string): echarts.ECharts {
  let instance = charts.get(id);
  if (!instance) {
    instance = echarts.init(document.getElementById(id)!, undefined, { renderer: 'canvas' });
    charts.set(id, instance);
  }
  return instance;
}

/** Re-fits every chart to its box (window resize, big-screen toggle). */
export const resizeCharts = () => charts.forEach((c) => c.resize());

/**
 * An empty period says so: the chart is cleared (ECharts draws a pie of zeros as equal slices, i.e. a
 * half-red donut) and a text note stands in its box. Returns `empty`, so a renderer can stop early.
 */
function emptyState(id: string, empty: boolean): boolean {
  const host = document.getElementById(id)!;
  let note = host.parentElement!.querySelector<HTMLElement>(`.chart-empty[data-for="${id}"]`);
  if (empty) {
    chart(id).clear();
    note ??= host.insertAdjacentElement('afterend', el('p', { class: 'chart-empty', 'data-for': id })) as HTMLElement;
    note.textContent = m().emptyPeriod;
  }
  if (note) note.hidden = !empty;
  host.classList.toggle('is-empty', empty);
  return empty;
}

/** Closure-rate donut (closed vs still due) and the other four rates beside it; an empty period says so. */
export function renderDonut(k: KpiResponse) {
  const t = m();
  const open = k.counts.due - k.counts.closedDue;
  const rates: [string, number | null][] = [
    [t.onTimeRate, k.onTimeRate],
    [t.reworkRate, k.reworkRate],
    [t.extensionRate, k.extensionRate],
    [t.resolutionRate, k.resolutionRate],
  ];
  document
    .getElementById('rates-list')!
    .replaceChildren(...rates.flatMap(([label, value]) => [el('dt', {}, label), el('dd', { 'data-rate': label }, pct(value))]));
  if (emptyState('chart-donut', k.counts.due === 0)) return;
  chart('chart-donut').setOption(
    {
      tooltip: { trigger: 'item' },
      title: undefined,
      series: [
        {
          type: 'pie',
          radius: ['62%', '82%'],
          avoidLabelOverlap: false,
          silent: false,
          label: {
            show: true,
            position: 'center',
            formatter: () => `{v|${pct(k.closureRate)}}\n{l|${t.closureRate}}`,
            rich: { v: { fontSize: 26, fontWeight: 'bold', color: text }, l: { fontSize: 13, color: muted, padding: [6, 0, 0, 0] } },
          },
          labelLine: { show: false },
          data: [
            { value: k.counts.closedDue, name: t.closed, itemStyle: { color: good } },
            // due but not closed is not the same as overdue: a calm colour, not an alarm
            { value: Math.max(0, open), name: t.notClosed, itemStyle: { color: '#2b4a7a' } },
          ],
        },
      ],
    },
    true,
  );
}

/** Cases per category in the period, largest first. */
export function renderCategories(k: KpiResponse) {
  const rows = k.byCategory.filter((c) => c.total > 0).sort((a, b) => a.total - b.total);
  if (emptyState('chart-category', rows.length === 0)) return;
  const en = currentLang() === 'en';
  chart('chart-category').setOption(
    {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 6, bottom: 6, containLabel: true },
      xAxis: { type: 'value', axisLabel: { color: muted }, splitLine: { lineStyle: { color: line } } },
      yAxis: { type: 'category', data: rows.map((c) => (en ? c.nameEn : c.nameZh)), axisLabel: { color: text } },
      series: [
        {
          type: 'bar',
          data: rows.map((c) => c.total),
          itemStyle: { color: accent, borderRadius: [0, 4, 4, 0] },
          label: { show: true, position: 'right', color: text },
        },
      ],
    },
    true,
  );
}

/** Reported and closed per month, closure rate on the right axis. */
export function renderTrend(trend: TrendResponse) {
  const t = m();
  if (
    emptyState(
      'chart-trend',
      trend.months.every((x) => x.reported === 0 && x.closed === 0),
    )
  )
    return;
  chart('chart-trend').setOption(
    {
      tooltip: { trigger: 'axis' },
      legend: { textStyle: { color: text }, top: 0 },
      grid: { left: 8, right: 8, top: 30, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: trend.months.map((x) => x.month.slice(2)), axisLabel: { color: muted } },
      yAxis: [
        { type: 'value', axisLabel: { color: muted }, splitLine: { lineStyle: { color: line } } },
        { type: 'value', min: 0, max: 100, axisLabel: { color: muted, formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        { name: t.reported, type: 'bar', data: trend.months.map((x) => x.reported), itemStyle: { color: 'rgba(53,208,255,0.55)' } },
        { name: t.closed, type: 'bar', data: trend.months.map((x) => x.closed), itemStyle: { color: 'rgba(62,224,143,0.7)' } },
        {
          name: t.closureRate,
          type: 'line',
          yAxisIndex: 1,
          smooth: true,
          data: trend.months.map((x) => (x.closureRate === null ? null : +(x.closureRate * 100).toFixed(1))),
          itemStyle: { color: '#ffd166' },
        },
      ],
    },
    true,
  );
}

/** Child areas ranked by closure rate; clicking a bar drills down into it. */
export function renderRanking(k: KpiResponse, onPick: (code: string) => void) {
  const t = m();
  const rows = k.children.slice(0, 15).reverse();
  const level = k.children[0]?.level ?? 'none';
  // the ranked area is named (a district commander sees 沈河区, not 全市); the whole city keeps the short title
  document.getElementById('ranking-title')!.textContent = k.area.code ? t.areaRanking(k.area.name, t.levels[level] ?? '') : t.ranking(t.levels[level] ?? '');
  const instance = chart('chart-ranking');
  instance.off('click');
  if (
    emptyState(
      'chart-ranking',
      k.children.every((c) => c.total === 0),
    )
  )
    return;
  instance.setOption(
    {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${v}%` },
      grid: { left: 8, right: 48, top: 6, bottom: 6, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { color: muted, formatter: '{value}%' }, splitLine: { lineStyle: { color: line } } },
      yAxis: { type: 'category', data: rows.map((c) => `${c.rank}. ${c.name}`), axisLabel: { color: text, width: 120, overflow: 'truncate' } },
      series: [
        {
          // no due case yet: no bar and a dash, not a misleading 0%
          type: 'bar',
          data: rows.map((c) => ({ value: c.closureRate === null ? '-' : +(c.closureRate * 100).toFixed(1), code: c.code })),
          itemStyle: {
            color: new echarts.graphic.LinearGradient(0, 0, 1, 0, [
              { offset: 0, color: '#1f6feb' },
              { offset: 1, color: accent },
            ]),
            borderRadius: [0, 4, 4, 0],
          },
          label: { show: true, position: 'right', color: text, formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? `${p.value}%` : '—') },
        },
      ],
    },
    true,
  );
  instance.off('click');
  instance.on('click', (params) => {
    const code = (params.data as { code?: string } | undefined)?.code;
    if (code) onPick(code);
  });
}
