/**
 * Requests that make every route of the app answer with success (and a few chosen errors), for the test
 * that validates real responses against the OpenAPI document (tests/api/openapi-responses.test.ts).
 * They run in order: later ones use what earlier ones created (`state`). Data: the access fixture
 * (districts A and B, tests/support/access-fixture.ts).
 */
import { readFileSync } from 'node:fs';
import { A, accessPlace, grids, incidentOf } from './access-fixture.ts';
import { testPassword } from './accounts.ts';

export type Caller = 'admin' | 'commanderA' | 'workerA1' | 'planner' | 'public' | 'session';

export interface Probe {
  /** the route as registered: `METHOD /path/:param` */
  route: string;
  as: Caller;
  /** the request path (default: the route's); a function reads `state` at run time */
  path?: string | (() => string);
  /** JSON (object), form (URLSearchParams) or multipart (FormData) */
  body?: unknown | (() => unknown);
  headers?: Record<string, string>;
  /** the status the probe must get (default: any 2xx) */
  expect?: number;
  /** ask the app configured with a basemap (BASEMAP_PMTILES) instead */
  basemap?: boolean;
  /** keeps what later probes need from the JSON answer */
  save?: (body: Record<string, unknown>) => void;
}

/** Values probes create and later probes use. */
export const state: Record<string, string | number> = {};
const run = Date.now().toString(36);
const photo = () => {
  const form = new FormData();
  form.append('stage', 'report');
  form.append('files', new File([readFileSync(new URL('../fixtures/images/photo.png', import.meta.url))], 'photo.png', { type: 'image/png' }));
  return form;
};
const inA = { lon: 124.005, lat: 40.005 };
const report = { category: 'theft', location: inA, description: 'OpenAPI 响应测试 · synthetic', idempotencyKey: `openapi-${run}` };

/** The probes, in the order they run. */
export const probes: Probe[] = [
  { route: 'GET /api/health', as: 'public' },
  { route: 'GET /api/stats/summary', as: 'public' },
  { route: 'GET /api/about/data', as: 'public' },
  { route: 'POST /api/incidents', as: 'commanderA', body: report, expect: 201, save: (b) => (state.incident = b.id as number) },
  { route: 'POST /api/incidents', as: 'commanderA', body: report, expect: 200 },
  { route: 'POST /api/incidents', as: 'commanderA', body: { ...report, description: 'other' }, expect: 409 },
  { route: 'GET /api/incidents', as: 'commanderA', path: '/api/incidents?limit=5' },
  { route: 'GET /api/incidents/:id', as: 'commanderA', path: () => `/api/incidents/${state.incident}` },
  { route: 'GET /api/incidents/:id', as: 'commanderA', path: '/api/incidents/2147483000', expect: 404 },
  { route: 'POST /api/incidents/:id/actions', as: 'commanderA', path: () => `/api/incidents/${state.incident}/actions`, body: { action: 'register' } },
  {
    route: 'POST /api/incidents/:id/actions',
    as: 'commanderA',
    path: () => `/api/incidents/${state.incident}/actions`,
    body: { action: 'evaluate' },
    expect: 409,
  },
  {
    route: 'POST /api/incidents/:id/attachments',
    as: 'commanderA',
    path: () => `/api/incidents/${state.incident}/attachments`,
    body: photo,
    expect: 201,
    save: (b) => (state.photo = (b.items as { id: number }[])[0]!.id),
  },
  { route: 'GET /api/incidents/:id/attachments', as: 'commanderA', path: () => `/api/incidents/${state.incident}/attachments` },
  { route: 'GET /api/attachments/:id', as: 'commanderA', path: () => `/api/attachments/${state.photo}` },
  { route: 'GET /api/attachments/:id/thumbnail', as: 'commanderA', path: () => `/api/attachments/${state.photo}/thumbnail` },
  { route: 'GET /api/incidents/:id/dispatch-candidates', as: 'commanderA', path: () => `/api/incidents/${state.incident}/dispatch-candidates` },
  // #20 item 1: the fresh case is held by its street's center; the district commander hands it up and returns it
  {
    route: 'POST /api/incidents/:id/routing',
    as: 'commanderA',
    path: () => `/api/incidents/${state.incident}/routing`,
    body: { action: 'hand_up' },
    expect: 400,
  },
  {
    route: 'POST /api/incidents/:id/routing',
    as: 'commanderA',
    path: () => `/api/incidents/${state.incident}/routing`,
    body: { action: 'hand_up', reason: 'OpenAPI 响应测试' },
  },
  {
    route: 'POST /api/incidents/:id/routing',
    as: 'commanderA',
    path: () => `/api/incidents/${state.incident}/routing`,
    body: { action: 'return', reason: 'OpenAPI 响应测试' },
  },
  { route: 'GET /api/centers', as: 'commanderA' },
  { route: 'GET /api/centers', as: 'admin' },
  { route: 'GET /api/centers/:code/queue', as: 'commanderA', path: `/api/centers/${A.street}/queue` },
  { route: 'GET /api/centers/:code/queue', as: 'commanderA', path: `/api/centers/${A.street}/queue?state=closed` },
  { route: 'GET /api/centers/:code/queue', as: 'commanderA', path: '/api/centers/12/queue', expect: 400 },
  { route: 'GET /api/centers/:code/kpis', as: 'commanderA', path: `/api/centers/${A.street}/kpis` },
  { route: 'GET /api/admin/notifications', as: 'admin' },
  { route: 'GET /api/holidays', as: 'workerA1', path: '/api/holidays?year=2026' },
  { route: 'GET /api/holidays', as: 'workerA1', path: '/api/holidays?year=1900', expect: 400 },
  {
    route: 'PUT /api/admin/holidays/:day',
    as: 'admin',
    path: '/api/admin/holidays/2099-06-01',
    body: { kind: 'holiday', name: '测试', source: 'OpenAPI test' },
  },
  {
    route: 'PUT /api/admin/holidays/:day',
    as: 'admin',
    path: '/api/admin/holidays/2099-02-30',
    body: { kind: 'holiday', name: '测试', source: 'OpenAPI test' },
    expect: 400,
  },
  { route: 'DELETE /api/admin/holidays/:day', as: 'admin', path: '/api/admin/holidays/2099-06-01', expect: 204 },
  { route: 'DELETE /api/admin/holidays/:day', as: 'admin', path: '/api/admin/holidays/2099-06-01', expect: 404 },
  {
    route: 'POST /api/admin/boundaries/edits',
    as: 'admin',
    body: { kind: 'site_add', reason: 'OpenAPI test', site: { code: `OA-WP-${run}`, kind: 'watch_post', name: '测试岗' }, at: inA },
    expect: 201,
  },
  {
    route: 'POST /api/admin/boundaries/edits',
    as: 'admin',
    body: { kind: 'site_add', reason: 'OpenAPI test', site: { code: `OA-WP-${run}`, kind: 'watch_post', name: '测试岗' }, at: inA },
    expect: 409,
  },
  {
    route: 'POST /api/admin/boundaries/edits',
    as: 'admin',
    body: { kind: 'site_move', reason: 'OpenAPI test', site: `OA-WP-${run}`, at: { lon: 150, lat: 10 } },
    expect: 422,
  },
  // the site just added: its public card, and its contact (none recorded) for a commander of its area
  { route: 'GET /api/sites/:code', as: 'public', path: `/api/sites/OA-WP-${run}` },
  { route: 'GET /api/sites/:code', as: 'public', path: '/api/sites/no-such-site', expect: 404 },
  { route: 'GET /api/sites/:code/contact', as: 'commanderA', path: `/api/sites/OA-WP-${run}/contact` },
  { route: 'GET /api/sites/:code/contact', as: 'public', path: `/api/sites/OA-WP-${run}/contact`, expect: 401 },
  { route: 'GET /api/places/:code', as: 'public', path: `/api/places/${accessPlace}` },
  { route: 'GET /api/places/:code', as: 'public', path: '/api/places/no-such-place', expect: 404 },
  { route: 'POST /api/admin/boundaries/edits', as: 'admin', body: { kind: 'site_retire', reason: 'OpenAPI test', site: 'no-such-site' }, expect: 404 },
  { route: 'POST /api/admin/boundaries/edits', as: 'admin', body: { kind: 'split', reason: 'x' }, expect: 400 },
  { route: 'GET /api/admin/boundaries/edits', as: 'admin' },
  { route: 'GET /api/boundaries/grids', as: 'public', path: `/api/boundaries/grids?area=${A.community1}&asOf=2020-01-01` },
  { route: 'GET /api/boundaries/grids', as: 'public', path: '/api/boundaries/grids?area=1', expect: 400 },
  { route: 'GET /api/boundaries/sites', as: 'public', path: `/api/boundaries/sites?area=${A.district}` },
  { route: 'GET /api/kpis', as: 'commanderA' },
  { route: 'GET /api/kpis/trend', as: 'commanderA' },
  { route: 'GET /api/kpis/preventable', as: 'commanderA' },
  { route: 'GET /api/kpis/summary', as: 'commanderA' },
  { route: 'GET /api/live', as: 'commanderA', path: '/api/live?backlog=1' },
  { route: 'GET /api/auth/me', as: 'session' },
  { route: 'GET /api/auth/me', as: 'public' },
  { route: 'POST /api/auth/login', as: 'public', body: { username: 'nobody-openapi', password: 'wrong-password' }, expect: 401 },
  { route: 'POST /api/auth/login', as: 'public', body: () => ({ username: state.admin, password: testPassword }) },
  { route: 'GET /api/admin/users', as: 'admin' },
  {
    route: 'POST /api/admin/users',
    as: 'admin',
    body: { username: `openapi-${run}`, password: 'a-long-password-1', role: 'planner' },
    expect: 201,
    save: (b) => (state.user = b.id as number),
  },
  { route: 'POST /api/admin/users', as: 'admin', body: { username: `openapi-${run}`, password: 'a-long-password-1', role: 'planner' }, expect: 409 },
  { route: 'PATCH /api/admin/users/:id', as: 'admin', path: () => `/api/admin/users/${state.user}`, body: { disabled: true } },
  // #20 item 5: the site-kind registry (tests/api/site-kinds.test.ts covers it in depth)
  { route: 'GET /api/site-kinds', as: 'public' },
  {
    route: 'POST /api/admin/site-kinds',
    as: 'admin',
    body: { kind: `oa_${run}`, nameZh: '测试点', nameEn: 'Test point', color: '#336699' },
    expect: 201,
  },
  { route: 'POST /api/admin/site-kinds', as: 'admin', body: { kind: 'Bad Kind', nameZh: '测试', nameEn: 'Test', color: '#336699' }, expect: 400 },
  {
    route: 'PATCH /api/admin/site-kinds/:code',
    as: 'admin',
    path: `/api/admin/site-kinds/oa_${run}`,
    body: { color: '#112233' },
  },
  { route: 'PATCH /api/admin/site-kinds/:code', as: 'admin', path: '/api/admin/site-kinds/no_such_kind', body: { color: '#112233' }, expect: 404 },
  { route: 'DELETE /api/admin/site-kinds/:code', as: 'admin', path: '/api/admin/site-kinds/no_such_kind', expect: 404 },
  { route: 'DELETE /api/admin/site-kinds/:code', as: 'admin', path: `/api/admin/site-kinds/oa_${run}`, expect: 204 },
  { route: 'GET /api/admin/tokens', as: 'admin' },
  {
    route: 'POST /api/admin/tokens',
    as: 'admin',
    body: () => ({ username: `openapi-${run}`, name: 'openapi' }),
    expect: 201,
    save: (b) => (state.token = b.id as number),
  },
  { route: 'DELETE /api/admin/tokens/:id', as: 'admin', path: () => `/api/admin/tokens/${state.token}`, expect: 204 },
  { route: 'DELETE /api/admin/tokens/:id', as: 'admin', path: () => `/api/admin/tokens/${state.token}`, expect: 404 },
  { route: 'GET /api/audit', as: 'admin', path: '/api/audit?limit=3' },
  { route: 'POST /api/personal/reveal', as: 'commanderA', body: { kind: 'incident', code: incidentOf('a1'), reason: 'OpenAPI test' } },
  { route: 'GET /api/locate', as: 'workerA1', path: `/api/locate?lon=${inA.lon}&lat=${inA.lat}` },
  { route: 'GET /api/locate', as: 'workerA1', path: '/api/locate?lon=10&lat=10', expect: 404 },
  { route: 'GET /api/locate/incidents', as: 'workerA1', path: `/api/locate/incidents?lon=${inA.lon}&lat=${inA.lat}&category=theft&radius=500` },
  { route: 'GET /api/field/categories', as: 'public' },
  { route: 'GET /api/field/tasks', as: 'workerA1' },
  { route: 'POST /api/field/position', as: 'workerA1', body: inA, expect: 204 },
  { route: 'POST /api/field/position', as: 'workerA1', body: inA, expect: 429 },
  { route: 'GET /api/layers/workers-on-duty', as: 'commanderA' },
  { route: 'DELETE /api/field/position', as: 'workerA1', expect: 204 },
  { route: 'GET /api/search', as: 'public', path: `/api/search?q=${encodeURIComponent('权限测试')}` },
  { route: 'GET /api/layers/areas/:code', as: 'public', path: `/api/layers/areas/${A.district}` },
  { route: 'GET /api/layers/areas/:code/worker', as: 'commanderA', path: `/api/layers/areas/${grids.a1}/worker` },
  { route: 'GET /api/layers/incidents/density', as: 'public' },
  { route: 'GET /api/layers/incidents', as: 'commanderA' },
  { route: 'GET /api/layers/coverage', as: 'commanderA' },
  { route: 'GET /api/coverage/kinds', as: 'planner' },
  // walking: district A has no roads (its answer says so); the demo city's roads give an isochrone
  { route: 'GET /api/coverage/life-circle', as: 'planner', path: `/api/coverage/life-circle?area=${A.district}&level=street` },
  { route: 'GET /api/coverage/life-circle/export', as: 'planner', path: `/api/coverage/life-circle/export?area=${A.district}&format=csv` },
  { route: 'GET /api/coverage/life-circle/export', as: 'planner', path: `/api/coverage/life-circle/export?area=${A.district}&format=geojson` },
  { route: 'GET /api/coverage/isochrone', as: 'planner', path: '/api/coverage/isochrone?lon=123.45&lat=41.79&minutes=5' },
  { route: 'GET /api/coverage/isochrone', as: 'planner', path: '/api/coverage/isochrone', expect: 400 },
  { route: 'GET /api/coverage', as: 'planner', path: `/api/coverage?area=${A.district}` },
  { route: 'GET /api/coverage', as: 'planner', path: '/api/coverage?area=999999', expect: 404 },
  { route: 'GET /api/coverage/compounds', as: 'planner', path: `/api/coverage/compounds?area=${A.district}` },
  { route: 'GET /api/coverage/export', as: 'planner', path: `/api/coverage/export?area=${A.district}&format=geojson` },
  { route: 'GET /api/coverage/export', as: 'planner', path: `/api/coverage/export?area=${A.district}&format=csv` },
  { route: 'POST /api/siting', as: 'planner', body: { k: 1, area: A.district } },
  { route: 'POST /api/siting', as: 'planner', body: { k: 1, area: '999999' }, expect: 404 },
  {
    route: 'POST /api/siting/scenarios',
    as: 'planner',
    body: { k: 1, area: A.district, name: `openapi ${run}` },
    expect: 201,
    save: (b) => (state.scenario = b.id as number),
  },
  { route: 'GET /api/siting/scenarios', as: 'planner' },
  { route: 'GET /api/siting/scenarios/:id', as: 'planner', path: () => `/api/siting/scenarios/${state.scenario}` },
  { route: 'GET /api/siting/compare', as: 'planner', path: () => `/api/siting/compare?ids=${state.scenario},${state.scenario}` },
  { route: 'GET /api/siting/scenarios/:id/export', as: 'planner', path: () => `/api/siting/scenarios/${state.scenario}/export?format=geojson` },
  { route: 'DELETE /api/siting/scenarios/:id', as: 'planner', path: () => `/api/siting/scenarios/${state.scenario}`, expect: 204 },
  { route: 'GET /api/hotspots', as: 'planner' },
  { route: 'GET /api/hotspots/export', as: 'planner', path: '/api/hotspots/export?format=geojson' },
  { route: 'GET /api/admin/departments', as: 'admin' },
  { route: 'POST /api/admin/departments', as: 'admin', body: { code: `oa-${run}`, name: '测试部门', categories: ['theft'] }, expect: 201 },
  { route: 'POST /api/admin/departments', as: 'admin', body: { code: `oa-${run}`, name: '测试部门' }, expect: 409 },
  { route: 'PATCH /api/admin/departments/:code', as: 'admin', path: `/api/admin/departments/oa-${run}`, body: { name: '测试部门二' } },
  { route: 'DELETE /api/admin/departments/:code', as: 'admin', path: `/api/admin/departments/oa-${run}`, expect: 204 },
  { route: 'GET /tiles/:layer', as: 'public', path: '/tiles/districts.json' },
  { route: 'GET /tiles/:layer/:z/:x/:y', as: 'public', path: '/tiles/districts/0/0/0.pbf' },
  { route: 'GET /tiles/:layer/:z/:x/:y', as: 'public', path: '/tiles/nothing/0/0/0', expect: 404 },
  { route: 'GET /style.json', as: 'public' },
  { route: 'GET /basemap.pmtiles', as: 'public', expect: 404 },
  { route: 'GET /basemap.pmtiles', as: 'public', basemap: true },
  { route: 'GET /basemap.pmtiles', as: 'public', basemap: true, headers: { range: 'bytes=0-99' }, expect: 206 },
  { route: 'GET /ogc', as: 'public' },
  { route: 'GET /ogc', as: 'public', path: '/ogc?f=html' },
  { route: 'GET /ogc/', as: 'public' },
  { route: 'GET /ogc/conformance', as: 'public' },
  { route: 'GET /ogc/collections', as: 'commanderA' },
  { route: 'GET /ogc/collections/', as: 'public' },
  { route: 'GET /ogc/collections/incidents', as: 'commanderA' },
  { route: 'GET /ogc/collections/incidents/items', as: 'commanderA', path: '/ogc/collections/incidents/items?limit=2&datetime=2020-01-01T00:00:00Z/..' },
  { route: 'GET /ogc/collections/incidents/items/:featureId', as: 'commanderA', path: `/ogc/collections/incidents/items/${incidentOf('a1')}` },
  { route: 'GET /ogc/collections/:collectionId', as: 'public', path: '/ogc/collections/districts' },
  { route: 'GET /ogc/collections/:collectionId/items', as: 'public', path: '/ogc/collections/districts/items?limit=1&offset=1' },
  { route: 'GET /ogc/collections/:collectionId/items', as: 'public', path: '/ogc/collections/nothing/items', expect: 404 },
  { route: 'GET /ogc/collections/:collectionId/items/:featureId', as: 'public', path: `/ogc/collections/districts/items/${A.district}` },
  { route: 'GET /ogc/tileMatrixSets', as: 'public' },
  { route: 'GET /ogc/tileMatrixSets/:tileMatrixSetId', as: 'public', path: '/ogc/tileMatrixSets/WebMercatorQuad' },
  { route: 'GET /ogc/tiles', as: 'public' },
  { route: 'GET /ogc/tiles/:tileMatrixSetId', as: 'public', path: '/ogc/tiles/WebMercatorQuad' },
  { route: 'GET /ogc/tiles/:tileMatrixSetId/:tileMatrix/:tileRow/:tileCol', as: 'public', path: '/ogc/tiles/WebMercatorQuad/0/0/0' },
  { route: 'GET /ogc/collections/:collectionId/tiles', as: 'public', path: '/ogc/collections/districts/tiles' },
  { route: 'GET /ogc/collections/:collectionId/tiles/:tileMatrixSetId', as: 'public', path: '/ogc/collections/districts/tiles/WebMercatorQuad' },
  { route: 'GET /open311/v2/discovery.json', as: 'public' },
  { route: 'GET /open311/v2/discovery.xml', as: 'public' },
  { route: 'GET /open311/v2/services.json', as: 'public' },
  { route: 'GET /open311/v2/services.xml', as: 'public' },
  { route: 'GET /open311/v2/services.json', as: 'public', path: '/open311/v2/services.json?api_key=wrong', expect: 401 },
  { route: 'GET /open311/v2/services/:code', as: 'public', path: '/open311/v2/services/theft.json' },
  { route: 'GET /open311/v2/services/:code', as: 'public', path: '/open311/v2/services/nothing.xml', expect: 404 },
  { route: 'GET /open311/v2/requests.json', as: 'commanderA' },
  { route: 'GET /open311/v2/requests.xml', as: 'commanderA' },
  { route: 'GET /open311/v2/requests.json', as: 'public', expect: 401 },
  {
    route: 'POST /open311/v2/requests.json',
    as: 'commanderA',
    body: new URLSearchParams({ service_code: 'theft', lat: '40.005', long: '124.005' }),
    expect: 201,
  },
  {
    route: 'POST /open311/v2/requests.xml',
    as: 'commanderA',
    body: new URLSearchParams({ service_code: 'theft', lat: '40.005', long: '124.005' }),
    expect: 201,
  },
  {
    route: 'POST /open311/v2/requests.json',
    as: 'commanderA',
    body: new URLSearchParams({ service_code: 'nothing', lat: '40.005', long: '124.005' }),
    expect: 400,
  },
  {
    route: 'POST /open311/v2/requests.xml',
    as: 'commanderA',
    body: new URLSearchParams({ service_code: 'theft', address_string: '无此地点路8号' }),
    expect: 400,
  },
  { route: 'GET /open311/v2/requests/:id', as: 'commanderA', path: `/open311/v2/requests/${incidentOf('a1')}.json` },
  { route: 'GET /open311/v2/requests/:id', as: 'commanderA', path: '/open311/v2/requests/nothing.xml', expect: 404 },
  { route: 'GET /api/exports/incidents', as: 'commanderA', path: '/api/exports/incidents?format=geojson' },
  { route: 'GET /api/exports/incidents', as: 'commanderA', path: '/api/exports/incidents?format=gpkg' },
  { route: 'GET /api/exports/:layer', as: 'public', path: `/api/exports/districts?format=geojson&code=${A.district}` },
  { route: 'GET /api/exports/:layer', as: 'public', path: `/api/exports/districts?format=csv&code=${A.district}` },
  { route: 'GET /api/openapi.json', as: 'public' },
  { route: 'GET /api/openapi.json', as: 'public', path: '/api/openapi.json?version=3.0' },
  { route: 'GET /api/docs', as: 'public' },
  { route: 'GET /api/docs/:asset', as: 'public', path: '/api/docs/init.js' },
  { route: 'GET /api/docs/:asset', as: 'public', path: '/api/docs/nothing.js', expect: 404 },
  { route: 'POST /api/auth/logout', as: 'session', expect: 204 },
];

/** Any file serves as the basemap archive: the route serves its bytes and ranges, it does not read them. */
export const basemapFile = new URL('../fixtures/images/photo.png', import.meta.url).pathname;

/** Routes with no success probe above, each with the reason; a new route must be probed or listed here. */
export const notProbed: Record<string, string> = {};
