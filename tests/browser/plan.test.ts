/**
 * The planner page (/plan/) on the small demo city in headless Chromium: sign in, coverage choropleth
 * and gap table, siting with the marginal-gain chart and a saved scenario, hotspots, the A4 report as
 * PDF, the English toggle; screenshots at 1920×1080 and 390×844.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectTestDatabase } from '../support/database.ts';
import { createAccount, removeAccounts, testPassword, type TestAccount } from '../support/accounts.ts';
import { buildWebApp, launchBrowser, screenshotDir, serveApp, skipBrowser } from '../support/browser.ts';
import type { CoverageResponse } from '../../core/contracts/planning.ts';

const database = connectTestDatabase();
const engine = database.mode;
let browser: Browser;
let server: Awaited<ReturnType<typeof serveApp>>;
let planner: TestAccount;
const requested: string[] = [];

async function open(width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(`${server.url}/plan/`);
  await page.fill('#login input[name=username]', planner.username);
  await page.fill('#login input[name=password]', testPassword);
  await page.click('#login button[type=submit]');
  await page.waitForFunction(() => (window as any).__plan !== undefined, null, { timeout: 30_000 });
  await page.evaluate(() => (window as any).__plan.ready);
  await settle(page);
  return page;
}

/** Waits for the running computation and for the map to be idle. */
async function settle(page: Page) {
  await page.waitForFunction(() => !(window as any).__plan.plan.busy, null, { timeout: 60_000 });
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const { map } = (window as any).__plan;
        if (map.loaded() && !map.isMoving()) setTimeout(resolve, 300);
        else map.once('idle', () => resolve());
      }),
  );
}

const rendered = (page: Page, layer: string) =>
  page.evaluate((id) => (window as any).__plan.map.queryRenderedFeatures({ layers: [id] }).length as number, layer);

/** The district of the demo with the most uncovered households (there the siting has work to do). */
async function gapDistrict(): Promise<string> {
  const res = await fetch(`${server.url}/api/coverage?level=district`, { headers: planner.bearer });
  const body = (await res.json()) as CoverageResponse;
  return [...body.rows].sort((a, b) => b.households - b.householdsCovered - (a.households - a.householdsCovered))[0]!.code;
}

describe.skipIf(skipBrowser)(`planner page in headless Chromium (${engine})`, () => {
  beforeAll(async () => {
    buildWebApp();
    planner = await createAccount(database, { role: 'planner' }, 'planpage');
    server = await serveApp(database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database.pool.query(`DELETE FROM siting_scenarios WHERE created_by = $1`, [planner.username]);
    await removeAccounts(database, [planner]);
    await database.close();
  });

  it('shows the coverage choropleth, the verdict and the gap table as the API computes them (1920×1080)', async () => {
    const page = await open(1920, 1080);
    const api = (await (await fetch(`${server.url}/api/coverage?level=district`, { headers: planner.bearer })).json()) as CoverageResponse;
    const share = await page.locator('#coverage-summary .stat strong').first().textContent();
    expect(share).toBe(`${(api.totals.share! * 100).toFixed(1)}%`);
    expect(await page.locator('#coverage-summary .note, #side .note').first().textContent()).toMatch(/直线距离.*不考虑道路网络/);
    expect(await rendered(page, 'plan-area-fill')).toBeGreaterThan(0);
    expect(await page.locator('#gap-table tbody tr').count()).toBe(api.rows.filter((r) => r.households > r.householdsCovered).length);
    await page.selectOption('select[name=district]', await gapDistrict());
    await settle(page);
    await page.click('button.primary');
    await settle(page);
    expect(await rendered(page, 'plan-uncovered')).toBeGreaterThan(0);
    expect(await page.locator('#gap-table tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${screenshotDir}/plan-${engine}-coverage-1920x1080.png` });
    await page.close();
  });

  it('proposes sites with the marginal-gain chart, saves a scenario and prints the A4 report', async () => {
    const page = await open(1920, 1080);
    await page.click('#tabs button:nth-child(2)');
    await page.selectOption('select[name=district]', await gapDistrict());
    await settle(page);
    await page.fill('input[name=k]', '5');
    await page.click('button.primary');
    await settle(page);
    const result = await page.evaluate(() => (window as any).__plan.plan.siting);
    expect(result.sites.length).toBeGreaterThan(0);
    expect(await page.locator('#siting-summary tbody tr').count()).toBe(result.sites.length);
    expect(await rendered(page, 'plan-sites')).toBe(result.sites.length);
    const chartPixels = await page.evaluate(() => {
      const canvas = document.querySelector('#gain-chart canvas') as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let blue = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 60 && data[i + 1]! < 110 && data[i + 2]! > 130) blue++;
      return blue;
    });
    expect(chartPixels).toBeGreaterThan(200);
    await page.fill('input[name=scenario]', '浏览器测试方案');
    await page.click('.save button');
    await settle(page);
    await page.locator('#scenarios li', { hasText: '浏览器测试方案' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${screenshotDir}/plan-${engine}-siting-1920x1080.png` });

    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await page.click('#print');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#report').isVisible()).toBe(true);
    expect(await page.locator('#layout').isVisible()).toBe(false);
    expect(await page.locator('#report img.map-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(500);
    expect(await page.locator('#report table').count()).toBeGreaterThan(0);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(pdf.length).toBeGreaterThan(50_000);
    await page.screenshot({ path: `${screenshotDir}/plan-${engine}-report.png`, fullPage: true });
    await page.close();
  });

  it('finds hotspots and switches to English on a phone (390×844)', async () => {
    const page = await open(390, 844);
    await page.click('#tabs button:nth-child(3)');
    await page.click('button.primary');
    await settle(page);
    const hot = await page.evaluate(() => (window as any).__plan.plan.hotspots);
    expect(hot.rows.length).toBeGreaterThan(0);
    expect(await page.locator('#hotspot-summary .stat strong').first().textContent()).toBe(hot.summary.incidents.toLocaleString('zh-CN'));
    expect(await page.locator('input[name=from]').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await rendered(page, 'plan-hot-fill')).toBeGreaterThan(0);
    await page.screenshot({ path: `${screenshotDir}/plan-${engine}-hotspots-390x844.png`, fullPage: true });
    await page.click('#lang');
    expect(await page.locator('#heading').textContent()).toBe('Planning · coverage gaps and siting');
    expect(await page.locator('#tabs button').allTextContents()).toEqual(['Coverage', 'Siting', 'Hotspots']);
    await page.click('#lang');
    await page.close();
  });

  it('made no request outside the app', () => {
    const outside = requested.filter((url) => !url.startsWith(server.url) && !/^(data|blob):/.test(url));
    expect(requested.length).toBeGreaterThan(10);
    expect(outside).toEqual([]);
  });
});
