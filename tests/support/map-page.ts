/**
 * The map page (`/`) in headless Chromium for the map-* browser tests: open at a view or URL, wait for
 * MapLibre to be idle, sign in through the page's form.
 */
import type { Browser, Page } from 'playwright-core';
import { testPassword } from './accounts.ts';

/** Waits until the map has drawn everything (MapLibre `idle`) after whatever the page just did. */
export async function mapIdle(page: Page) {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const { map } = (window as any).__pingan;
        if (map.loaded() && map.areTilesLoaded() && !map.isMoving()) setTimeout(() => (map.loaded() ? resolve() : map.once('idle', () => resolve())), 300);
        else map.once('idle', () => resolve());
      }),
  );
}

/**
 * Opens `url` (absolute, with query and hash) at a viewport size and waits for the first idle map.
 *
 * @example
 * const page = await openMap(browser, `${server.url}/?layers=incidents#12/41.08/124.6`, 1920, 1080);
 */
export async function openMap(browser: Browser, url: string, width = 1920, height = 1080): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height }, acceptDownloads: true, locale: 'zh-CN' });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(url);
  await page.waitForFunction(() => (window as any).__pingan !== undefined, null, { timeout: 30_000 });
  await page.evaluate(() => (window as any).__pingan.ready);
  await mapIdle(page);
  return page;
}

/** Signs in through the map page's login form and waits for the account name. */
export async function signInOnMap(page: Page, username: string) {
  await page.locator('.login-box summary').click();
  await page.locator('.login input[name="username"]').fill(username);
  await page.locator('.login input[name="password"]').fill(testPassword);
  await page.locator('.login button[type="submit"]').click();
  await page.locator('.who').waitFor({ timeout: 15_000 });
}

/** Screen position of a lon/lat on the page's map. */
export const project = (page: Page, lonLat: [number, number]) =>
  page.evaluate(([lon, lat]) => (window as any).__pingan.map.project([lon, lat]) as { x: number; y: number }, lonLat);
