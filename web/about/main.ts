/**
 * The "about the data" page: what is real and what is synthetic, the data's counts beside the source
 * article's, district areas against official ones, sources and licences — all from `/api/about/data`.
 */
import type { AboutData, AboutLevel } from '../../core/contracts/about.ts';
import { el, fmt } from '../kit/dom.ts';
import { requestJson } from '../kit/http.ts';
import { currentLang, onLangChange, setLang, toggleLang } from '../kit/i18n.ts';
import { t } from './i18n.ts';

const content = document.getElementById('content')!;
let data: AboutData | null = null;
let failure: string | null = null;

const table = (head: string[], rows: (Node | string)[][], numeric: number[] = [], flagged: (i: number) => boolean = () => false) =>
  el(
    'div',
    { class: 'scroll' },
    el(
      'table',
      {},
      el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { class: numeric.includes(i) ? 'n' : '' }, h)))),
      el(
        'tbody',
        {},
        ...rows.map((row, r) =>
          el('tr', { class: flagged(r) ? 'flag' : '' }, ...row.map((cell, i) => el('td', { class: numeric.includes(i) ? 'n' : '' }, cell))),
        ),
      ),
    ),
  );

const levelRows = (name: string, level: AboutLevel) => [
  ...Object.entries(level.byKind)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, n]) => [name, t().kinds[kind] ?? kind, fmt(n), '']),
  [name, t().total, fmt(level.total), fmt(level.synthetic)],
];

const percent = (x: number | null) => (x === null ? '' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.round(Math.abs(x) * 100)}%`);

function draw() {
  const m = t();
  document.title = `${m.title} · 平安网格`;
  document.getElementById('heading')!.textContent = m.title;
  document.getElementById('to-map')!.textContent = m.map;
  document.getElementById('lang')!.textContent = m.langButton;
  if (!data) return content.replaceChildren(el('p', {}, failure ? m.failed + failure : m.loading));
  const { article } = data;
  content.replaceChildren(
    el(
      'section',
      {},
      el('h2', {}, m.title, ' ', el('span', { class: 'badge' }, m.synthetic)),
      el('p', {}, m.intro),
      el('p', { class: 'muted' }, `${m.vintage}: ${data.codeVintages.join(', ')}`),
    ),
    el(
      'section',
      { id: 'article' },
      el('h2', {}, m.articleTitle),
      table(
        m.articleCol,
        [
          [m.articleStreets, `${fmt(article.streets.article)}（${article.streets.articleText}）`, fmt(article.streets.data), m.whyStreets],
          [m.articleCommunities, `${fmt(article.communities.article)}（${article.communities.articleText}）`, fmt(article.communities.data), m.whyCommunities],
        ],
        [2],
      ),
    ),
    el(
      'section',
      { id: 'counts' },
      el('h2', {}, m.countsTitle),
      table(
        m.countsCol,
        (['districts', 'streets', 'communities', 'gridCells'] as const).flatMap((key) => levelRows(m.levels[key], data![key])),
        [2, 3],
      ),
    ),
    el(
      'section',
      { id: 'areas' },
      el('h2', {}, m.areasTitle),
      el('p', { class: 'muted' }, m.areasNote),
      table(
        m.areasCol,
        data.districtAreas.map((d) => [
          d.name,
          fmt(d.areaKm2),
          d.officialKm2 === null ? '' : fmt(d.officialKm2),
          percent(d.difference),
          d.officialSource ?? '',
        ]),
        [1, 2, 3],
        (i) => Math.abs(data!.districtAreas[i]!.difference ?? 0) >= 0.05,
      ),
    ),
    el(
      'section',
      { id: 'sources' },
      el('h2', {}, m.sourcesTitle),
      table(
        m.sourcesCol,
        data.sources.map((s) => [s.what, s.source, s.licence]),
      ),
    ),
  );
}

document.getElementById('lang')!.addEventListener('click', toggleLang);
onLangChange(draw);
setLang(currentLang());
requestJson<AboutData>('/api/about/data')
  .then((answer) => (data = answer))
  .catch((error: unknown) => (failure = error instanceof Error ? error.message : String(error)))
  .finally(draw);
