/**
 * #19 on the planner page: the straight-line / walking switch changes the coverage of the river fixture
 * (tests/support/walk-fixture.ts: 750 households within 1,000 m, 250 within a 15-minute walk), and a
 * click draws the isochrones of the nearest mediation site, which follow the bridge and not the crow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectTestDatabase } from '../support/database.ts';
import { createAccount, removeAccounts, testPassword, type TestAccount } from '../support/accounts.ts';
import { buildWebApp, launchBrowser, screenshotDir, serveApp, skipBrowser } from '../support/browser.ts';
import { insertWalkFixture, removeWalkFixture, WALK, walkPoints as P } from '../support/walk-fixture.ts';
import type { CoverageResponse } from '../../core/contracts/planning.ts';

const database = connectTestDatabase();
const engine = database.mode;
let browser: Browser;
let server: Awaited<ReturnType<typeof serveApp>>;
let planner: TestAccount;

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

const coverage = (page: Page) => page.evaluate(() => (window as any).__plan.plan.coverage) as Promise<CoverageResponse>;
/** page pixel of a lon/lat on the map */
const pixel = async (page: Page, at: readonly [number, number]) => {
  const box = (await page.locator('#map').boundingBox())!;
  const p = await page.evaluate(([lon, lat]) => (window as any).__plan.map.project([lon, lat]), at as [number, number]);
  return { x: box.x + p.x, y: box.y + p.y, local: p as { x: number; y: number } };
};
const isoAt = async (page: Page, at: readonly [number, number]) => {
  const { local } = await pixel(page, at);
  return page.evaluate(
    (p) =>
      ((window as any).__plan.map.queryRenderedFeatures([p.x, p.y], { layers: ['plan-iso-fill'] }) as { properties: { minutes: number } }[])
        .map((f) => f.properties.minutes)
        .sort((a, b) => a - b),
    local,
  );
};

describe.skipIf(skipBrowser)(`planner walking mode in headless Chromium (${engine})`, () => {
  beforeAll(async () => {
    buildWebApp();
    await insertWalkFixture(database);
    planner = await createAccount(database, { role: 'planner' }, 'planwalk');
    server = await serveApp(database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeAccounts(database, [planner]);
    await removeWalkFixture(database);
    await database.close();
  });

  it('switches coverage to walking minutes and draws isochrones around the clicked site', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`${server.url}/plan/`);
    await page.fill('#login input[name=username]', planner.username);
    await page.fill('#login input[name=password]', testPassword);
    await page.click('#login button[type=submit]');
    await page.waitForFunction(() => (window as any).__plan !== undefined, null, { timeout: 30_000 });
    await page.evaluate(() => (window as any).__plan.ready);
    await settle(page);

    await page.selectOption('select[name=district]', WALK.district);
    await settle(page);
    await page.click('button.primary');
    await settle(page);
    const straight = await coverage(page);
    expect([straight.mode, straight.area, straight.totals.householdsCovered]).toEqual(['straight', WALK.district, 750]);
    const straightLineNote = '覆盖按直线距离计算';
    expect(await page.locator('input[name=radius]').count()).toBe(1);
    expect(await page.locator('form.params').textContent()).toContain(straightLineNote);

    await page.check('input[name=walk-mode][value=walk]');
    await settle(page);
    const walked = await coverage(page);
    expect([walked.mode, walked.minutes, walked.totals.householdsCovered]).toEqual(['walk', 15, 250]);
    expect(await page.locator('#walk-panel').textContent()).toContain('步速 1.2 米/秒');
    // walking ignores the radius: neither its box nor the straight-line note may say otherwise
    expect(await page.locator('input[name=radius]').count()).toBe(0);
    expect(await page.locator('form.params').textContent()).not.toContain(straightLineNote);

    const site = await pixel(page, P.M);
    await page.mouse.click(site.x, site.y);
    await page.waitForFunction(() => document.querySelector('#walk-iso')?.textContent?.includes('河西评理说事点'), null, { timeout: 30_000 });
    await settle(page);
    expect(await isoAt(page, P.A)).toEqual([5, 10, 15]);
    expect(await isoAt(page, P.D)).toEqual([10, 15]);
    // 84 m across the water, ≈2.2 km on foot: outside every ring
    expect(await isoAt(page, P.B)).toEqual([]);
    await page.screenshot({ path: `${screenshotDir}/plan-walk-${engine}-1920x1080.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await settle(page);
    await page.screenshot({ path: `${screenshotDir}/plan-walk-${engine}-390x844.png` });
    await context.close();
  });
});
