import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { connectTestDatabase } from '../support/database.ts';
import { buildWebApp, launchBrowser, screenshotDir, serveApp, skipBrowser } from '../support/browser.ts';
import { createAccount, removeAccounts, testPassword, type TestAccount } from '../support/accounts.ts';
import { FF, insertFieldFixture, removeFieldFixture, type Box } from '../support/field-fixture.ts';
import { refreshSearchIndex } from '../../db/queries/search-index.ts';

const database = connectTestDatabase();
const engine = database.mode;
const phone = { width: 390, height: 844 };
let browser: Browser;
let server: Awaited<ReturnType<typeof serveApp>>;
let worker: TestAccount;
let grid: { code: string; box: Box; workerCode: string | null };
const center = () => ({ longitude: (grid.box[0] + grid.box[2]) / 2, latitude: (grid.box[1] + grid.box[3]) / 2 });

/** A phone-sized context with the position set by the test, signed in through the page's own form. */
async function signedInPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: phone, hasTouch: true, geolocation: center(), permissions: ['geolocation'], locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await open(page);
  await page.fill('#login-username', worker.username);
  await page.fill('#login-password', testPassword);
  await page.click('#login-submit');
  await page.waitForSelector('#logout', { timeout: 30_000 });
  await page.evaluate(() => (window as any).__field.ready);
  return { context, page };
}
async function open(page: Page) {
  await page.goto(`${server.url}/field/`);
  await page.waitForFunction(() => (window as any).__field !== undefined, null, { timeout: 30_000 });
  await page.evaluate(() => (window as any).__field.ready);
}
/** Waits until the field map has drawn its tiles. */
const mapIdle = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const { map } = (window as any).__field.state.map;
        if (map.loaded() && map.areTilesLoaded() && !map.isMoving()) resolve();
        else map.once('idle', () => resolve());
      }),
  );
const reportsBy = (marker: string) =>
  database.pool
    .query<{ n: number; keys: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys FROM incidents WHERE district_code = $1 AND description LIKE $2`,
      [FF.d1, `${marker}%`],
    )
    .then((r) => r.rows[0]!);

describe.skipIf(skipBrowser)(`field page at phone size in headless Chromium (${engine})`, () => {
  beforeAll(async () => {
    buildWebApp();
    const grids = await insertFieldFixture(database);
    await refreshSearchIndex(database);
    grid = grids.find((g) => g.code.startsWith('960100001001') && g.workerCode)!;
    worker = await createAccount(database, { role: 'grid_worker', scopeCode: '960100001001', workerCode: grid.workerCode! }, 'fieldui');
    server = await serveApp(database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeFieldFixture(database);
    await refreshSearchIndex(database);
    await removeAccounts(database, [worker]);
    await database.close();
  });

  it('locates the phone: the card shows the grid at the position the test set, nearest sites with navigation links', async () => {
    const { context, page } = await signedInPhone();
    await page.click('#locate-me');
    await page.waitForSelector(`#grid-card[data-grid="${grid.code}"]`, { timeout: 30_000 });
    const card = await page.locator('#grid-card').innerText();
    expect(card).toContain(grid.code);
    expect(card).toContain('野测南一社区');
    expect(card).toContain('野测南街道');
    expect(card).toContain('野*'); // the worker's masked name
    expect(card).toMatch(/139\*{4}\d{4}/);
    expect(await page.locator('#nearest-mediation li').count()).toBe(5);
    expect(await page.locator('#nearest-watch li').count()).toBe(5);
    const geo = await page.locator('#nearest-watch li .nav-geo').first().getAttribute('href');
    expect(geo).toMatch(/^geo:42\.\d+,121\.\d+\?q=/);
    const amap = await page.locator('#nearest-watch li .nav-amap').first().getAttribute('href');
    expect(amap).toMatch(/^https:\/\/uri\.amap\.com\/marker\?position=121\.\d+,42\.\d+/);
    const distances = await page.locator('#nearest-watch .site-dist').allInnerTexts();
    expect(distances).toHaveLength(5);
    await mapIdle(page);
    expect(await page.locator('.fm-watch, .fm-mediation').count()).toBe(10);
    await page.locator('#map').screenshot({ path: `${screenshotDir}/field-map-${engine}.png` });
    await page.screenshot({ path: `${screenshotDir}/field-locate-${engine}.png`, fullPage: true });

    await page.fill('#search-input', 'ycdq');
    await page.waitForSelector('#search-results button[data-code="960100"]', { timeout: 10_000 });
    expect(await page.locator('#search-results button').first().getAttribute('data-code')).toBe(FF.d1);
    await page.click('#lang');
    expect(await page.locator('#title').innerText()).toBe('Grid worker');
    expect(await page.locator('#grid-card').innerText()).toContain('Grid worker');
    await page.screenshot({ path: `${screenshotDir}/field-english-${engine}.png` });
    await page.click('#lang');
    await context.close();
  });

  it('falls back to a pin on the map when the phone gives no position', async () => {
    const context = await browser.newContext({ viewport: phone, locale: 'zh-CN' }); // no geolocation permission
    const login = await context.request.post(`${server.url}/api/auth/login`, { data: { username: worker.username, password: testPassword } });
    expect(login.status()).toBe(200);
    const page = await context.newPage();
    await open(page);
    await page.click('#locate-me');
    await page.waitForSelector('#map.picking', { timeout: 15_000 });
    const target = center();
    const point = await page.evaluate(
      ([lon, lat]) => {
        const { map } = (window as any).__field.state.map;
        map.jumpTo({ center: [lon, lat], zoom: 15 });
        return map.project([lon, lat]);
      },
      [target.longitude, target.latitude],
    );
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + point.x, box.y + point.y);
    await page.waitForSelector(`#grid-card[data-grid="${grid.code}"]`, { timeout: 30_000 });
    expect(await page.locator('#grid-card .badge').first().innerText()).toBe('选点');
    await context.close();
  });

  it('queues reports offline, keeps them over a reload, and stores each exactly once when back online', async () => {
    const marker = `离线上报-${engine}-${Date.now()}`;
    const { context, page } = await signedInPhone();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await page.click('#locate-me');
    await page.waitForSelector(`#grid-card[data-grid="${grid.code}"]`, { timeout: 30_000 });

    await context.setOffline(true);
    await page.waitForSelector('#net.offline');
    for (let i = 1; i <= 3; i++) {
      await page.selectOption('#report-category', 'environment');
      await page.fill('#report-description', `${marker} 第${i}件`);
      await page.click('#report-submit');
      await page.waitForFunction((n) => document.querySelectorAll('#queue-list li[data-state="queued"]').length === n, i);
    }
    expect((await reportsBy(marker)).n).toBe(0);
    await page.screenshot({ path: `${screenshotDir}/field-offline-queued-${engine}.png`, fullPage: true });

    await page.reload(); // still offline: the service worker serves the page, IndexedDB keeps the queue
    await page.evaluate(() => (window as any).__field.ready);
    expect(await page.locator('#queue-list li[data-state="queued"]').count()).toBe(3);
    expect(await page.locator('#net').getAttribute('class')).toContain('offline');

    await context.setOffline(false);
    await page.waitForFunction(() => document.querySelectorAll('#queue-list li[data-state="sent"]').length === 3, null, { timeout: 30_000 });
    expect(await reportsBy(marker)).toEqual({ n: 3, keys: 3 });
    // another sync, a second tab's sync and a reload do not send anything again
    await page.evaluate(() => (window as any).__field.syncReports());
    const second = await context.newPage();
    await open(second);
    await second.close();
    expect(await reportsBy(marker)).toEqual({ n: 3, keys: 3 });
    expect(await page.locator('#queue-list .incident-code').count()).toBe(3);
    await page.screenshot({ path: `${screenshotDir}/field-offline-sent-${engine}.png`, fullPage: true });
    await context.close();
  });
});
