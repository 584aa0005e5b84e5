/** What the printed map's legend lists: every layer visible now, in the current language (and in English for the PDF's text). */
import { palette } from '../../../core/contracts/map-palette.ts';
import { kindColor, kindName } from '../app/site-kinds.ts';
import { signedIn, state } from '../app/state.ts';
import { en } from '../i18n/messages.ts';
import { t } from '../i18n/index.ts';
import { HEX_COLORS } from '../overlay/incident-data.ts';
import { ramp } from '../overlay/coverage-store.ts';

export interface LegendItem {
  label: string;
  english: string;
  shape: 'line' | 'dot' | 'ramp';
  colors: string[];
}

/**
 * Legend entries of the visible layers: boundaries, compounds, each visible site kind, the incident
 * density ramp and the coverage ramp.
 *
 * @example
 * legendItems(['watch_post', 'mediation_point']) // [{ label: '区·县(市)', english: 'Districts', shape: 'line', … }, …]
 */
export function legendItems(siteKinds: string[]): LegendItem[] {
  const m = t();
  const items: LegendItem[] = [];
  const v = state.visible;
  const line = (on: boolean, key: 'districts' | 'streets' | 'communities' | 'grid_cells', color: string) =>
    on && items.push({ label: m[key], english: en[key], shape: 'line', colors: [color] });
  line(v.districts, 'districts', palette.district);
  line(v.streets, 'streets', palette.street);
  line(v.communities, 'communities', palette.community);
  line(v.grid_cells, 'grid_cells', palette.grid);
  if (v.compounds) items.push({ label: m.compounds, english: en.compounds, shape: 'dot', colors: [palette.compound] });
  if (v.sites) {
    for (const kind of siteKinds.filter((k) => !state.hiddenSiteKinds.includes(k))) {
      items.push({ label: kindName(kind), english: kindName(kind, 'en'), shape: 'dot', colors: [kindColor(kind)] });
    }
  }
  if (v.incidents)
    items.push({
      label: `${m.incidentsHeat} (${m.fewer} → ${m.more})`,
      english: `${en.incidentsHeat} (${en.fewer} to ${en.more})`,
      shape: 'ramp',
      colors: HEX_COLORS.map((c) => `rgb(${c.join(',')})`),
    });
  if (v.coverage && signedIn()) {
    const metric = state.coverage.metric === 'covered' ? 'coverageShare' : 'coveragePer1000';
    items.push({
      label: `${m[metric]} (0 → ${state.coverage.metric === 'covered' ? '100%' : '10‰'})`,
      english: `${en[metric]} (0 to ${state.coverage.metric === 'covered' ? '100%' : '10 per 1,000'})`,
      shape: 'ramp',
      colors: [0, 0.5, 1].map((x) => `rgb(${ramp(x).slice(0, 3).join(',')})`),
    });
  }
  return items;
}
