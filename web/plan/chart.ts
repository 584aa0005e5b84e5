/**
 * The marginal-gain chart: newly covered households per proposed site (bars) and the cumulative
 * share (line). Only the ECharts parts used are imported.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { SitingResult } from '../../core/contracts/planning-siting.ts';
import { m } from './i18n.ts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);
let chart: echarts.ECharts | null = null;

/** Draws (or redraws) the chart into `host`; returns the instance for image export. */
export function drawGainChart(host: HTMLElement, result: SitingResult): echarts.ECharts {
  const t = m();
  if (chart && chart.getDom() !== host) (chart.dispose(), (chart = null));
  chart ??= echarts.init(host, undefined, { renderer: 'canvas' });
  chart.setOption(
    {
      animation: false,
      grid: { left: 44, right: 44, top: 28, bottom: 24 },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: result.sites.map((s) => String(s.rank)) },
      yAxis: [
        { type: 'value' },
        {
          type: 'value',
          min: (v: { min: number }) => Math.max(0, Math.floor(v.min * 10) / 10),
          max: 1,
          axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
          splitLine: { show: false },
        },
      ],
      series: [
        { name: t.gain, type: 'bar', data: result.sites.map((s) => s.gain), itemStyle: { color: '#1f4e9c' } },
        { name: t.cumShare, type: 'line', yAxisIndex: 1, data: result.sites.map((s) => s.share), itemStyle: { color: '#1a9641' }, symbolSize: 4 },
      ],
    },
    true,
  );
  return chart;
}

/** The chart as a PNG data URL (for the printed report), or null when there is none. */
export const gainChartImage = () => (chart && !chart.isDisposed() ? chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }) : null);
export const resizeGainChart = () => chart?.resize();
