/**
 * Headless Chromium for browser tests (flags from stack-notes.md) and the app served on a free port
 * with the built web app. Without Chromium the tests skip locally, but fail in CI (CI=true).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Database } from '../../db/client.ts';
import { createApp } from '../../server/app.ts';
import { testEnv } from './env.ts';
import { testPassword } from './accounts.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** true when browser tests must be skipped: no Chromium here and not in CI */
export const skipBrowser = !existsSync(CHROMIUM) && !process.env.CI;

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (install the chromium package)`);
  return chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
}

/** Builds dist/web when stale (same check as `npm start`). */
export function buildWebApp() {
  execFileSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
}

/** Serves the whole app (API, tiles, web) on 127.0.0.1 and a free port. */
export async function serveApp(database: Database): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp({ database, env: testEnv() });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export const screenshotDir = 'test-results/screenshots';
mkdirSync(screenshotDir, { recursive: true });

/**
 * A grid worker's phone (390×844, touch, zh-CN) at `lon, lat`, signed in on /field/ through its login form,
 * waiting until the page is ready (it then starts sharing its position on duty).
 *
 * @example
 * const { context, page } = await signedInFieldPhone(browser, server.url, worker.username, { lon, lat });
 */
export async function signedInFieldPhone(
  browser: Browser,
  baseUrl: string,
  username: string,
  at: { lon: number; lat: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    geolocation: { longitude: at.lon, latitude: at.lat },
    permissions: ['geolocation'],
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error (${username}):`, error.message));
  await page.goto(`${baseUrl}/field/`);
  await page.waitForFunction(() => (window as any).__field !== undefined, null, { timeout: 30_000 });
  await page.fill('#login-username', username);
  await page.fill('#login-password', testPassword);
  await page.click('#login-submit');
  await page.waitForSelector('#logout', { timeout: 30_000 });
  await page.evaluate(() => (window as any).__field.ready);
  return { context, page };
}
