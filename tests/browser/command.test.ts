import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { connectTestDatabase } from '../support/database.ts';
import { buildWebApp, launchBrowser, screenshotDir, serveApp, skipBrowser } from '../support/browser.ts';
import { createAccount, removeAccounts, testPassword, type TestAccount } from '../support/accounts.ts';
import { kpiResponseSchema, summaryResponseSchema } from '../../core/contracts/kpis.ts';

const database = connectTestDatabase();
const engine = database.mode;
const district = '210103'; // 沈河区 in the small demo city
let browser: Browser;
let server: Awaited<ReturnType<typeof serveApp>>;
let commander: TestAccount;
let districtCommander: TestAccount;
const created: number[] = [];

async function signedIn(width: number, height: number, account = commander): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height } });
  const login = await context.request.post(`${server.url}/api/auth/login`, { data: { username: account.username, password: testPassword } });
  expect(login.status()).toBe(200);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return { context, page };
}
async function open(page: Page, query: string) {
  await page.goto(`${server.url}/command${query}`);
  await page.waitForFunction(() => (window as any).__command !== undefined, null, { timeout: 30_000 });
  await page.evaluate(() => (window as any).__command.ready);
}
const card = (page: Page, key: string) => page.locator(`[data-card=${key}] .value`).innerText();
const number = (text: string) => Number(text.replace(/,/g, ''));
/** Pixels of a chart's canvas that are not transparent: > 0 once ECharts has drawn something. */
const inked = (page: Page, id: string) =>
  page.evaluate((chartId) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`#${chartId} canvas`);
    if (!canvas) return 0;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) count++;
    return count;
  }, id);

// a browser test on a busy shared machine: a page's first load alone can take ~40 s
const slow = 180_000;

describe.skipIf(skipBrowser)(`command dashboard in headless Chromium (${engine})`, () => {
  beforeAll(async () => {
    buildWebApp();
    commander = await createAccount(database, { role: 'commander' }, 'cmdui');
    districtCommander = await createAccount(database, { role: 'commander', scopeCode: district }, 'cmdui');
    server = await serveApp(database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (created.length) await database.pool.query('DELETE FROM incidents WHERE id = ANY($1)', [created]);
    await database.pool.query('DELETE FROM live_events WHERE incident_id = ANY($1)', [created]);
    await removeAccounts(database, [commander, districtCommander]);
    await database.close();
  });

  it(
    'fills the cards and draws every chart at 1920×1080, and drill-down changes the numbers',
    async () => {
      const { context, page } = await signedIn(1920, 1080);
      await open(page, '?period=all');
      const api = async (path: string) => (await context.request.get(`${server.url}${path}`)).json();
      const city = summaryResponseSchema.parse(await api('/api/kpis/summary'));
      expect(number(await card(page, 'inProgress'))).toBe(city.inProgress);
      expect(number(await card(page, 'workers'))).toBe(city.gridWorkers);
      expect(city.gridWorkers).toBeGreaterThan(0);
      for (const id of ['chart-donut', 'chart-category', 'chart-trend', 'chart-ranking']) expect(await inked(page, id), id).toBeGreaterThan(500);
      const cityKpis = kpiResponseSchema.parse(await page.evaluate(() => (window as any).__command.state.lastKpis));
      expect(cityKpis.children.map((c) => c.code).sort()).toEqual(['210103', '210123']);
      await expect.poll(() => page.locator('#rates-list dd').first().innerText()).toMatch(/%$/);
      await page.screenshot({ path: `${screenshotDir}/command-wall-${engine}.png` });

      await page.evaluate((code) => (window as any).__command.drill(code), district);
      const districtKpis = kpiResponseSchema.parse(await page.evaluate(() => (window as any).__command.state.lastKpis));
      expect(districtKpis.area.code).toBe(district);
      expect(districtKpis.counts.total).toBeLessThan(cityKpis.counts.total);
      expect(districtKpis.children.every((c) => c.code.startsWith(district) && c.level === 'street')).toBe(true);
      const inDistrict = summaryResponseSchema.parse(await api(`/api/kpis/summary?area=${district}`));
      expect(number(await card(page, 'inProgress'))).toBe(inDistrict.inProgress);
      expect(number(await card(page, 'workers'))).toBe(inDistrict.gridWorkers);
      expect(inDistrict.gridWorkers).toBeLessThan(city.gridWorkers);
      expect(await page.locator('#cmd-crumbs .crumb.current').innerText()).toBe('沈河区');
      expect(new URL(page.url()).searchParams.get('area')).toBe(district);

      // back up through the breadcrumb (a real click)
      await page.locator('#cmd-crumbs button.crumb').first().click();
      await expect.poll(() => page.evaluate(() => (window as any).__command.state.lastKpis?.area.code ?? 'city')).toBe('city');
      await context.close();
    },
    slow,
  );

  it(
    'shows a new incident live and dispatches it from the panel',
    async () => {
      const { context, page } = await signedIn(1920, 1080);
      await open(page, `?area=${district}&period=12m`);
      const before = await page.evaluate(() => (window as any).__command.incidents().total as number);
      const grid = (
        await database.pool.query(
          `SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
      FROM grid_cells WHERE left(code, 6) = $1 ORDER BY code LIMIT 1`,
          [district],
        )
      ).rows[0];
      const res = await context.request.post(`${server.url}/api/incidents`, {
        data: { category: 'environment', description: '浏览器测试', location: { lon: grid.lon, lat: grid.lat } },
        headers: {
          'x-csrf-token': await page.evaluate(() =>
            fetch('/api/auth/me')
              .then((r) => r.json())
              .then((m) => m.csrfToken),
          ),
        },
      });
      expect(res.status()).toBe(201);
      const incident = (await res.json()) as { id: number; code: string };
      created.push(incident.id);
      const row = page.locator(`#cmd-live li[data-incident="${incident.id}"]`);
      await row.first().waitFor({ timeout: 10_000 });
      expect(await row.first().innerText()).toContain(incident.code);
      await expect.poll(() => page.evaluate(() => (window as any).__command.incidents().total as number)).toBe(before + 1);

      await row.first().click();
      await page.locator('#cmd-panel button[data-action=register]').click();
      await page.locator('#cmd-panel dd[data-status=registered]').waitFor();
      // the manual fields of the dispatch form (the candidate list is the dispatch picker's own test): the grid's worker
      const gridCode = (await (await context.request.get(`${server.url}/api/incidents/${incident.id}`)).json()).gridCode as string;
      const workerCode = (await (await context.request.get(`${server.url}/api/layers/areas/${gridCode}`)).json()).worker.code as string;
      await page.locator('#cmd-panel select[name=kind]').selectOption('grid_worker');
      await page.locator('#cmd-panel input[name=code]').fill(workerCode);
      await page.locator('#cmd-panel button[data-action=dispatch]').click();
      await page.locator('#cmd-panel dd[data-status=dispatched]').waitFor();
      const detail = await (await context.request.get(`${server.url}/api/incidents/${incident.id}`)).json();
      expect(detail).toMatchObject({ status: 'dispatched', assignee: { kind: 'grid_worker', code: workerCode } });
      expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['report', 'register', 'dispatch']);
      await context.close();
    },
    slow,
  );

  it(
    'reads like the domain for a district commander: own area, names, Chinese history, flies to the case',
    async () => {
      const { context, page } = await signedIn(1920, 1080, districtCommander);
      await open(page, '?period=12m');
      // the breadcrumb and the ranking name the commander's own area, never 全市
      expect(await page.locator('#cmd-crumbs').innerText()).toBe('沈河区');
      expect(await page.locator('#cmd-crumbs').innerText()).not.toContain('全市');
      expect(await page.locator('#ranking-title').innerText()).toContain('沈河区');

      const grid = (
        await database.pool.query(
          `SELECT code, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
      FROM grid_cells WHERE left(code, 6) = $1 ORDER BY code DESC LIMIT 1`,
          [district],
        )
      ).rows[0];
      const csrf = await page.evaluate(() =>
        fetch('/api/auth/me')
          .then((r) => r.json())
          .then((m) => m.csrfToken),
      );
      const res = await context.request.post(`${server.url}/api/incidents`, {
        data: { category: 'city_management', description: '名称测试', location: { lon: grid.lon, lat: grid.lat } },
        headers: { 'x-csrf-token': csrf },
      });
      expect(res.status()).toBe(201);
      const incident = (await res.json()) as { id: number; code: string };
      created.push(incident.id);
      const row = page.locator(`#cmd-live li[data-incident="${incident.id}"]`).first();
      await row.waitFor({ timeout: 10_000 });
      expect(await row.innerText()).toContain('城市管理'); // the category's name, not city_management
      expect(await row.innerText()).not.toContain('city_management');

      // zoom out first so that the fly is visible, then open the case from the live list
      await page.evaluate(() => (window as any).__command.map.jumpTo({ center: [123.0, 42.0], zoom: 9 }));
      await row.click();
      await page.locator('#cmd-panel dd[data-status=reported]').waitFor();
      const centre = () => page.evaluate(() => (window as any).__command.map.getCenter().toArray() as [number, number]);
      await expect.poll(async () => Math.hypot((await centre())[0] - grid.lon, (await centre())[1] - grid.lat), { timeout: 10_000 }).toBeLessThan(0.005);
      await expect.poll(() => page.evaluate(() => (window as any).__command.map.getZoom() as number)).toBeGreaterThanOrEqual(14.9);
      expect(await page.locator('#cmd-panel [data-fact=category]').innerText()).toBe('城市管理');
      const gridName = (await (await context.request.get(`${server.url}/api/layers/areas/${grid.code}`)).json()).name as string;
      await expect.poll(() => page.locator('#cmd-panel [data-fact=area]').innerText()).toMatch(new RegExp(`^沈河区 › .+ › ${gridName}$`));
      expect(await page.locator('#cmd-panel .history li').first().innerText()).toMatch(/上报 → 上报 · /);
      await page.locator('#cmd-panel button[data-action=register]').click();
      await page.locator('#cmd-panel dd[data-status=registered]').waitFor();
      expect(await page.locator('#cmd-panel .history li[data-action=register]').innerText()).toContain('立案 → 立案');

      // the open panel covers none of the number cards or charts, at 1920×1080 and in big-screen mode
      const overlaps = () =>
        page.evaluate(() => {
          const panel = document.getElementById('cmd-panel')!.getBoundingClientRect();
          return [...document.querySelectorAll('[data-card], .cmd-box:not(.map)')]
            .filter((node) => {
              const box = node.getBoundingClientRect();
              return box.left < panel.right && panel.left < box.right && box.top < panel.bottom && panel.top < box.bottom;
            })
            .map((node) => node.className);
        });
      expect(await overlaps()).toEqual([]);
      await page.locator('#cmd-bigscreen').click();
      expect(await overlaps()).toEqual([]);
      await page.screenshot({ path: `${screenshotDir}/command-district-panel-${engine}.png` });
      await context.close();
    },
    slow,
  );

  it(
    'says so for an empty period instead of drawing a half-red donut',
    async () => {
      const { context, page } = await signedIn(1920, 1080);
      await open(page, '?period=2016'); // the demo city starts in 2017
      for (const id of ['chart-donut', 'chart-category', 'chart-trend', 'chart-ranking']) {
        await expect.poll(() => page.locator(`.chart-empty[data-for=${id}]`).innerText(), { message: id }).toBe('该时段暂无数据');
        expect(await inked(page, id), id).toBe(0);
      }
      // a period with data brings the charts back
      await page.locator('#cmd-period').selectOption('12m');
      await expect.poll(() => inked(page, 'chart-donut')).toBeGreaterThan(500);
      expect(await page.locator('.chart-empty[data-for=chart-donut]').isVisible()).toBe(false);
      await context.close();
    },
    slow,
  );

  it(
    'shows a banner with a retry when a request fails, not a blank page',
    async () => {
      const { context, page } = await signedIn(1920, 1080);
      const kpis = (url: URL) => url.pathname === '/api/kpis';
      await page.route(kpis, (route) =>
        route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: '服务暂不可用' } }) }),
      );
      await open(page, '?period=all');
      const banner = page.locator('#cmd-banner');
      await banner.waitFor();
      expect(await banner.innerText()).toContain('数据加载失败');
      expect(await banner.innerText()).toContain('服务暂不可用');
      await page.unroute(kpis);
      await banner.locator('button.retry').click();
      await expect.poll(() => banner.isVisible()).toBe(false);
      await expect.poll(() => page.evaluate(() => (window as any).__command.state.lastKpis !== null)).toBe(true);
      await expect.poll(() => inked(page, 'chart-donut')).toBeGreaterThan(500);
      expect(number(await card(page, 'workers'))).toBeGreaterThan(0);
      await context.close();
    },
    slow,
  );

  it(
    'lays out on a phone (390×844) and in English',
    async () => {
      const { context, page } = await signedIn(390, 844);
      await open(page, '?period=all');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await page.locator('#cmd-lang').click();
      await expect.poll(() => page.locator('#cmd-title').innerText()).toContain('Command Center');
      await page.evaluate(() => (window as any).__command.ready);
      await page.screenshot({ path: `${screenshotDir}/command-phone-${engine}.png`, fullPage: true });
      await page.locator('#cmd-lang').click(); // leave zh-CN for the next run (localStorage)
      await context.close();
    },
    slow,
  );
});
