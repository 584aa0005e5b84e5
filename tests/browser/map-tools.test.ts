/**
 * The map's tools and its incident time window (#16.4, #20.6) in headless Chromium at 1920×1080:
 * distance and area measured by clicks agree with PostGIS on the spheroid, the PDF export carries a
 * legend, scale bar, north arrow, date and sources (pdftotext) on an A4/A3 page (pdfinfo), the PNG is
 * framed, and a case reported today shows on the map.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { connectTestDatabase } from '../support/database.ts';
import { insertMapFixture, removeMapFixture } from '../support/map-fixture.ts';
import { buildWebApp, launchBrowser, screenshotDir, serveApp, skipBrowser } from '../support/browser.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { mapIdle, openMap, project, signInOnMap } from '../support/map-page.ts';

const database = connectTestDatabase();
const engine = database.mode;
const dir = mkdtempSync(path.join(tmpdir(), 'map-tools-'));
let browser: Browser;
let server: Awaited<ReturnType<typeof serveApp>>;
let commander: TestAccount;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function clickAt(page: Page, lonLat: [number, number], double = false) {
  const p = await project(page, lonLat);
  if (double) await page.mouse.dblclick(p.x, p.y);
  else await page.mouse.click(p.x, p.y);
}

describe.skipIf(skipBrowser)(`map tools and the incident window (${engine})`, () => {
  beforeAll(async () => {
    buildWebApp();
    await insertMapFixture(database);
    // one case reported right now in a fixture grid
    await database.pool.query(
      `INSERT INTO incidents (code, category, status, source, occurred_at, reported_at, grid_code, community_code, street_code, district_code, synthetic, geom)
       SELECT 'T-INC-TODAY', 'theft', 'reported', 'grid_worker', now(), now(), code, left(code, 12), left(code, 9), left(code, 6), true, ST_PointOnSurface(geom)
       FROM grid_cells WHERE code = '99010000100101'`,
    );
    commander = await createAccount(database, { role: 'commander', scopeCode: '990100' }, 'tools');
    server = await serveApp(database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (commander) await removeAccounts(database, [commander]);
    await removeMapFixture(database);
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('measures a distance and an area as PostGIS does on the spheroid', { timeout: 120_000 }, async () => {
    const page = await openMap(browser, `${server.url}/#12.5/41.08/124.6`);
    const [a, b, c]: [number, number][] = [
      [124.55, 41.05],
      [124.65, 41.05],
      [124.65, 41.12],
    ];
    await page.locator('[data-tool="distance"]').click();
    await clickAt(page, a);
    await clickAt(page, b);
    await clickAt(page, c, true);
    const distanceText = (await page.locator('[data-testid="measure-result"]').textContent())!;
    const { rows } = await database.pool.query<{ d: number; area: number }>(
      `SELECT ST_Length(ST_MakeLine(ARRAY[ST_MakePoint($1, $2), ST_MakePoint($3, $4), ST_MakePoint($5, $6)])::geography) AS d,
              ST_Area(ST_MakePolygon(ST_MakeLine(ARRAY[ST_MakePoint($1, $2), ST_MakePoint($3, $4), ST_MakePoint($5, $6), ST_MakePoint($1, $2)]))::geography) AS area`,
      [...a, ...b, ...c],
    );
    const km = Number(/([\d.]+) km/.exec(distanceText)![1]);
    // clicks land on screen pixels (a few metres at this zoom) and the sphere differs from the spheroid by < 0.5 %
    expect(Math.abs(km * 1000 - rows[0]!.d) / rows[0]!.d).toBeLessThan(0.01);
    await page.locator('[data-tool="area"]').click();
    await clickAt(page, a);
    await clickAt(page, b);
    await clickAt(page, c, true);
    const areaText = (await page.locator('[data-testid="measure-result"]').textContent())!;
    const km2 = Number(/([\d.]+) km²/.exec(areaText)![1]);
    expect(Math.abs(km2 * 1e6 - rows[0]!.area) / rows[0]!.area).toBeLessThan(0.02);
    await page.screenshot({ path: `${screenshotDir}/${engine}-map-measure-1920x1080.png` });
    await page.locator('[data-tool="clear"]').click();
    expect(await page.locator('[data-testid="measure-result"]').isHidden()).toBe(true);
    await page.close();
  });

  it('exports the view as a framed PNG and as A4/A3 PDFs with legend, scale bar, north arrow, date and sources', { timeout: 120_000 }, async () => {
    const page = await openMap(browser, `${server.url}/?layers=districts,streets,communities,grid_cells,sites,incidents#13/41.08/124.6`);
    await page.waitForFunction(() => document.querySelector('[data-testid="incident-count"]')?.textContent !== '0', null, { timeout: 30_000 });
    await mapIdle(page);
    const save = async (which: string) => {
      await page.locator('[data-tool="print"]').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-print="${which}"]`).click()]);
      const file = path.join(dir, download.suggestedFilename());
      await download.saveAs(file);
      return file;
    };
    const png = await save('png');
    expect(path.basename(png)).toBe(`pingan-map-${today}.png`);
    const size = execFileSync('file', [png]).toString();
    const [, w, h] = /(\d+) x (\d+)/.exec(size)!;
    // the map (1920×1080) framed by a title bar and a footer
    expect(Number(w)).toBe(1920);
    expect(Number(h)).toBeGreaterThan(1080);
    for (const format of ['a4', 'a3'] as const) {
      const pdf = await save(format);
      const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString().replace(/\s+/g, ' ');
      expect(text).toContain('Legend:');
      expect(text).toMatch(/Districts; Streets & towns;.*Watch post.*Incident density/);
      expect(text).toMatch(/Scale bar: 0 - \d+ (m|km) \(about 1:[\d,]+ on this (A4|A3) page\)/);
      expect(text).toContain('North arrow');
      expect(text).toContain(`printed ${today}`);
      expect(text).toContain('Data sources: district boundaries: AMap');
      const info = execFileSync('pdfinfo', [pdf]).toString();
      // landscape A4 842 × 595 pt, A3 1191 × 842 pt
      expect(info).toMatch(format === 'a4' ? /Page size:\s+841\.89 x 595\.28 pts \(A4\)/ : /Page size:\s+1190\.55 x 841\.89 pts \(A3\)/);
    }
    await page.close();
  });

  it('takes the incident window from the data: a case reported today shows on the map', { timeout: 120_000 }, async () => {
    const page = await openMap(browser, `${server.url}/?layers=districts,streets,communities,grid_cells,incidents#15/41.15/124.52`);
    await signInOnMap(page, commander.username);
    const month = today.slice(0, 7);
    await page.waitForFunction((m) => document.querySelector('[data-testid="month-label"]')?.textContent?.endsWith(m), month, { timeout: 30_000 });
    // this month only: the case of today is the one shown in the fixture's district
    await page.evaluate((m) => {
      const { state, changed } = (window as any).__pingan;
      state.incidentFilter.month = m;
      changed('incidentFilter');
    }, month);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="incident-count"]')?.textContent?.replace(/,/g, '')) >= 1, null, {
      timeout: 15_000,
    });
    expect(new URL(page.url()).searchParams.get('month')).toBe(month);
    expect(await page.locator('[data-testid="incident-to"]').inputValue()).toBe(month);
    await mapIdle(page);
    await page.screenshot({ path: `${screenshotDir}/${engine}-map-today-1920x1080.png` });
    await page.close();
  });
});
