/** The planner page's parameters and latest results. */
import type { CoverageResponse, HotspotResponse, SiteKindInfo } from '../../core/contracts/planning.ts';
import type { ScenarioSummary, SitingResult } from '../../core/contracts/planning-siting.ts';
import type { MeResponse } from '../../core/contracts/auth.ts';

export type Tab = 'coverage' | 'siting' | 'hotspots';
export type Level = 'district' | 'street' | 'community' | 'grid';

export const plan = {
  me: null as MeResponse | null,
  tab: 'coverage' as Tab,
  registry: [] as SiteKindInfo[],
  kinds: ['mediation_point', 'mediation_room'],
  radius: 1000,
  /** the radius follows the kinds' default until the user types one */
  radiusTouched: false,
  level: 'community' as Level,
  districts: [] as { code: string; name: string }[],
  streets: [] as { code: string; name: string }[],
  district: '',
  street: '',
  k: 10,
  candidates: 'compounds' as 'compounds' | 'grids',
  /** empty until the first analysis: the server then picks the 90 days up to the newest incident */
  from: '',
  to: '',
  group: '',
  coverage: null as CoverageResponse | null,
  siting: null as SitingResult | null,
  hotspots: null as HotspotResponse | null,
  scenarios: [] as ScenarioSummary[],
  busy: false,
  error: '',
};

export const area = () => plan.street || plan.district || undefined;
export const canSite = () => plan.me?.role === 'planner' || plan.me?.role === 'admin';

/** Default radius of the chosen kinds: the largest default_radius_m among them (as the server does). */
export function defaultRadius(): number {
  const radii = plan.registry.filter((k) => plan.kinds.includes(k.kind)).map((k) => k.defaultRadiusM);
  return radii.length ? Math.max(...radii) : 1000;
}
