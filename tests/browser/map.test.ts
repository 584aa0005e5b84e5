import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectTestDatabase } from '../support/database.ts';
import { fixtureGrids, insertFixtureIncidents, insertMapFixture, removeMapFixture } from '../support/map-fixture.ts';
import { buildWebApp, launchBrowser, screenshotDir, serveApp, skipBrowser } from '../support/browser.ts';
import { createAccount, removeAccounts, testPassword, type TestAccount } from '../support/accounts.ts';

const database = connectTestDatabase();
const engine = database.mode;
let browser: Browser;
/** every URL the pages requested: the app must make no request outside itself */
const requested: string[] = [];
let server: Awaited<ReturnType<typeof serveApp>>;
const grid = fixtureGrids()[5]!;
let commander: TestAccount;

/** Polls the canvas until its pixels differ from `before` (deck.gl layers load data asynchronously). */
async function changedFrom(page: Page, before: number, timeout = 30_000): Promise<number> {
  const until = Date.now() + timeout;
  for (;;) {
    const { fingerprint } = await pixels(page);
    if (fingerprint !== before || Date.now() > until) return fingerprint;
    await page.waitForTimeout(500);
  }
}

/** Waits until the map has drawn everything (MapLibre `idle`) after whatever the page just did. */
async function idle(page: Page) {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const { map } = (window as any).__pingan;
        if (map.loaded() && map.areTilesLoaded() && !map.isMoving()) setTimeout(() => (map.loaded() ? resolve() : map.once('idle', () => resolve())), 300);
        else map.once('idle', () => resolve());
      }),
  );
}

/** Distinct colours in the map canvas and a cheap fingerprint of its pixels. */
async function pixels(page: Page): Promise<{ colors: number; fingerprint: number }> {
  return page.evaluate(() => {
    const source = (window as any).__pingan.map.getCanvas() as HTMLCanvasElement;
    const copy = document.createElement('canvas');
    copy.width = 240;
    copy.height = 240;
    const context = copy.getContext('2d')!;
    context.drawImage(source, 0, 0, 240, 240);
    const data = context.getImageData(0, 0, 240, 240).data;
    const seen = new Set<number>();
    let fingerprint = 0;
    for (let i = 0; i < data.length; i += 4) {
      const rgb = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      seen.add(rgb);
      fingerprint = (fingerprint * 31 + rgb) >>> 0;
    }
    return { colors: seen.size, fingerprint };
  });
}

async function open(width: number, height: number, hash: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(`${server.url}/${hash}`);
  await page.waitForFunction(() => (window as any).__pingan !== undefined, null, { timeout: 30_000 });
  await page.evaluate(() => (window as any).__pingan.ready);
  await idle(page);
  return page;
}

describe.skipIf(skipBrowser)(`web map in headless Chromium (${engine})`, () => {
  beforeAll(async () => {
    buildWebApp();
    await insertMapFixture(database);
    await insertFixtureIncidents(database, 60);
    commander = await createAccount(database, { role: 'commander', scopeCode: null }, 'browser');
    server = await serveApp(database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (commander) await removeAccounts(database, [commander]);
    await removeMapFixture(database);
    await database.close();
  });

  it('renders the map with Chinese labels on a wall screen (1920×1080)', async () => {
    const page = await open(1920, 1080, '#12/41.08/124.6');
    const { colors } = await pixels(page);
    expect(colors).toBeGreaterThan(5);
    const labels: string[] = await page.evaluate(() =>
      (window as any).__pingan.map
        .queryRenderedFeatures({ layers: ['districts-label', 'streets-label', 'communities-label', 'grid-cells-label'] })
        .map((f: any) => f.properties.name),
    );
    expect(labels.some((name) => /[\u4e00-\u9fff]/.test(name))).toBe(true);
    expect(labels).toContain('测试社区1-1');
    const firstRender = await page.evaluate(() => (window as any).__pingan.firstRender);
    console.log(`[${engine}] first full render ${Math.round(firstRender)} ms`);
    await page.screenshot({ path: `${screenshotDir}/${engine}-1920x1080.png` });
    await page.close();
  });

  it('changes the picture when a layer is toggled', async () => {
    const page = await open(1920, 1080, '#12/41.08/124.6');
    const before = await pixels(page);
    await page.locator('input[data-layer="incidents"]').check();
    await page.waitForFunction(() => document.querySelector('[data-testid="incident-count"]')?.textContent !== '0', null, { timeout: 30_000 });
    await idle(page);
    // the hexagons are drawn in a frame after the data arrives (binned on the CPU under SwiftShader)
    const withIncidents = await changedFrom(page, before.fingerprint);
    expect(withIncidents).not.toBe(before.fingerprint);
    await page.locator('input[data-layer="grid_cells"]').uncheck();
    await idle(page);
    expect((await pixels(page)).fingerprint).not.toBe(withIncidents);
    await page.screenshot({ path: `${screenshotDir}/${engine}-1920x1080-incidents.png` });
    await page.close();
  });

  it('opens the card of a clicked grid cell with its name and parent chain (phone 390×844)', async () => {
    const page = await open(390, 844, `#14/${grid.center[1]}/${grid.center[0]}`);
    await page.evaluate(() => {
      const { state, changed } = (window as any).__pingan;
      state.visible.incidents = true;
      changed('visible');
    });
    const point = await page.evaluate(([lon, lat]) => (window as any).__pingan.map.project([lon, lat]), grid.center);
    await page.mouse.click(point.x, point.y);
    const name = page.locator('[data-testid="card-name"]');
    await name.waitFor({ timeout: 15_000 });
    expect(await name.textContent()).toBe(grid.name);
    expect(await page.locator('[data-testid="card-chain"]').textContent()).toBe('测试区 › 测试街道1 › 测试社区1-2');
    // step back to see the selected outline, pointer off the map
    await page.mouse.move(5, 400);
    await page.evaluate(() => (window as any).__pingan.map.jumpTo({ zoom: 12.2 }));
    await idle(page);
    await page.screenshot({ path: `${screenshotDir}/${engine}-390x844.png` });
    await page.locator('#lang').click();
    expect(await page.locator('#card .level').textContent()).toBe('Grid cell');
    await page.close();
  });

  it('signed in: draws the volunteer-coverage choropleth and incident points', async () => {
    const page = await open(1920, 1080, `#14.2/${grid.center[1]}/${grid.center[0]}`);
    await page.locator('.login-box summary').click();
    await page.locator('.login input[name="username"]').fill(commander.username);
    await page.locator('.login input[name="password"]').fill(testPassword);
    await page.locator('.login button[type="submit"]').click();
    await page.locator('.who').waitFor({ timeout: 15_000 });
    await idle(page);
    const before = (await pixels(page)).fingerprint;
    await page.locator('input[data-layer="coverage"]').check();
    const withCoverage = await changedFrom(page, before);
    expect(withCoverage).not.toBe(before);
    await page.locator('input[data-layer="incidents"]').check();
    await page.waitForFunction(() => document.querySelector('[data-testid="incident-count"]')?.textContent !== '0', null, { timeout: 30_000 });
    expect(await changedFrom(page, withCoverage)).not.toBe(withCoverage);
    // points of the signed-in view carry category colours: the legend lists the categories
    expect(await page.locator('.controls .legend li').count()).toBeGreaterThan(2);
    await page.screenshot({ path: `${screenshotDir}/${engine}-1920x1080-signed-in.png` });
    await page.close();
  });

  it('made no request outside the app', () => {
    const outside = requested.filter((url) => !url.startsWith(server.url) && !/^(data|blob):/.test(url));
    expect(requested.length).toBeGreaterThan(10);
    expect(outside).toEqual([]);
  });
});
