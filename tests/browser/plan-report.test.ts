/**
 * #16.5–7 on the planner page (/plan/) at 1920×1080: the hotspot panel states its neighbourhood and
 * correction, a link reproduces the analysis (URL round trip), and the printed A4 report is a map
 * report — legend, scale bar, north arrow, sources and the period — checked in the PDF with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { connectTestDatabase } from '../support/database.ts';
import { createAccount, removeAccounts, testPassword, type TestAccount } from '../support/accounts.ts';
import { buildWebApp, launchBrowser, screenshotDir, serveApp, skipBrowser } from '../support/browser.ts';
import type { HotspotResponse } from '../../core/contracts/planning.ts';
import type { SitingResult } from '../../core/contracts/planning-siting.ts';

const database = connectTestDatabase();
const engine = database.mode;
let browser: Browser;
let server: Awaited<ReturnType<typeof serveApp>>;
let planner: TestAccount;

let context: BrowserContext | null = null;

/** Opens a planner URL signed in; the first call signs in (the sign-in reloads the same URL, query string included). */
async function open(path: string): Promise<Page> {
  const first = context === null;
  context ??= await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${server.url}${path}`);
  if (first) {
    await page.fill('#login input[name=username]', planner.username);
    await page.fill('#login input[name=password]', testPassword);
    await page.click('#login button[type=submit]');
  }
  await page.waitForFunction(() => (window as any).__plan !== undefined, null, { timeout: 30_000 });
  await page.evaluate(() => (window as any).__plan.ready);
  await settle(page);
  return page;
}

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

describe.skipIf(skipBrowser)(`planner report and URL state in headless Chromium (${engine})`, () => {
  beforeAll(async () => {
    buildWebApp();
    planner = await createAccount(database, { role: 'planner' }, 'planreport');
    server = await serveApp(database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await removeAccounts(database, [planner]);
    await database.close();
  });

  it('puts the hotspot analysis in the URL and a new page restores it from the link', async () => {
    const first = await open('/plan/');
    await first.click('#tabs button:nth-child(3)');
    await first.click('button.primary');
    await settle(first);
    const before = (await first.evaluate(() => (window as any).__plan.plan.hotspots)) as HotspotResponse;
    const link = new URL(first.url());
    expect(Object.fromEntries(link.searchParams)).toMatchObject({ tab: 'hotspots', run: 'hotspots' });
    expect(link.searchParams.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // the panel says which neighbourhood and correction were used, and shows counts beside z
    expect(await first.locator('#hotspot-neighbourhood').textContent()).toMatch(/共边或共点.*queen/);
    expect(await first.locator('#hotspot-summary').textContent()).toContain('Benjamini–Hochberg');
    // flagged cells are listed with their own and their neighbourhood's counts beside z; none is said in words
    if (before.rows.some((r) => r.flag)) expect(await first.locator('#hotspot-summary thead').textContent()).toContain('邻域事件数');
    else expect(await first.locator('#hotspot-summary').textContent()).toContain('校正后没有显著的热点或冷点');
    await first.screenshot({ path: `${screenshotDir}/plan-${engine}-hotspots-1920x1080.png` });
    await first.close();

    const second = await open(`${link.pathname}${link.search}`);
    await second.waitForFunction(() => (window as any).__plan.plan.hotspots !== null, null, { timeout: 60_000 });
    await settle(second);
    const after = (await second.evaluate(() => (window as any).__plan.plan.hotspots)) as HotspotResponse;
    expect([after.period, after.summary]).toEqual([before.period, before.summary]);
    expect(await second.locator('#tabs button[aria-selected=true]').textContent()).toBe('热点');
    expect(await second.locator('input[name=from]').inputValue()).toBe(link.searchParams.get('from'));
    expect(await second.locator('input[name=to]').inputValue()).toBe(link.searchParams.get('to'));
    await second.close();
  });

  it('states the siting guarantee on the newly covered households, and "optimal" only with a proof', async () => {
    const page = await open('/plan/?tab=siting&k=40&candidates=grids&run=siting');
    await page.waitForFunction(() => (window as any).__plan.plan.siting !== null, null, { timeout: 60_000 });
    await settle(page);
    const result = (await page.evaluate(() => (window as any).__plan.plan.siting)) as SitingResult;
    const text = await page.locator('#siting-bound').textContent();
    const gain = result.after.householdsCovered - result.before.householdsCovered;
    expect(result.gainUpperBound).toBe(result.upperBound - result.before.householdsCovered);
    expect(gain).toBeLessThanOrEqual(result.gainUpperBound);
    if (result.provenOptimal) expect(text).toMatch(/^已证明最优 · (在线上界与方案值相等|分支定界搜索完成)$/);
    else {
      expect(text).toContain(`不低于最优方案的 ${((gain / result.gainUpperBound) * 100).toFixed(1)}%`);
      expect(text).toContain(`最多新增 ${result.gainUpperBound.toLocaleString('zh-CN')} 户`);
    }
    await page.screenshot({ path: `${screenshotDir}/plan-${engine}-siting-bound-1920x1080.png` });
    await page.close();
  });

  it('prints an A4 map report with legend, scale bar, north arrow, sources and the period (PDF text)', async () => {
    const page = await open('/plan/?tab=hotspots&run=hotspots');
    await page.waitForFunction(() => (window as any).__plan.plan.hotspots !== null, null, { timeout: 60_000 });
    await settle(page);
    const { from, to } = await page.evaluate(() => (window as any).__plan.plan);
    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await page.click('#print');
    // the bar's share of the image is the distance it names, measured on the map itself (still on screen)
    const scale = await page.evaluate(() => {
      const { map } = (window as any).__plan;
      const bar = document.querySelector('#report .scale') as HTMLElement;
      const px = (parseFloat(bar.style.width) / 100) * map.getCanvas().clientWidth;
      const y = map.getCanvas().clientHeight / 2;
      const [a, b] = [map.unproject([100, y]), map.unproject([100 + px, y])];
      return { label: bar.textContent!, metres: a.distanceTo(b) as number };
    });
    const [, value, unit] = /(\d+(?:\.\d+)?) (m|km)$/.exec(scale.label)!;
    expect(scale.metres / (Number(value) * (unit === 'km' ? 1000 : 1))).toBeCloseTo(1, 1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#report .scale').evaluate((bar) => bar.getBoundingClientRect().width)).toBeGreaterThan(20);
    expect(await page.locator('#report .north svg').count()).toBe(1);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    mkdirSync('test-results', { recursive: true });
    const file = `test-results/plan-${engine}-report.pdf`;
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('图例');
    expect(text).toMatch(/比例尺 \d+(\.\d+)? k?m/);
    expect(text).toContain('数据来源');
    expect(text).toContain(`统计期: ${from} – ${to}`);
    expect(text).toContain('热点 99%');
    expect(text).toMatch(/\bN\b/);
    await page.screenshot({ path: `${screenshotDir}/plan-${engine}-map-report.png`, fullPage: true });
    await page.close();
  });
});
