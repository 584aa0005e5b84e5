/**
 * The boundary editor (/edit/, #20 item 4) in headless Chromium: an admin splits a grid by drawing a line
 * with real clicks, gives a reason, and the API then answers the old grid "as of" yesterday and the two new
 * ones today (KPIs too); a redraw that leaves a gap is refused with the server's message shown in the page.
 * On a fixture district of its own, far from the demo city (lon 127.10–127.14, lat 42.00–42.02):
 *
 *   975002 ─ 975002001 ─ C1 975002001001 (127.10–127.12) ─ G1 …0101 (127.10–127.11), G2 …0102 (127.11–127.12)
 *                      └ C2 975002001002 (127.12–127.14) ─ G4 …00201
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectTestDatabase } from '../support/database.ts';
import { buildWebApp, launchBrowser, screenshotDir, serveApp, skipBrowser } from '../support/browser.ts';
import { createAccount, removeAccounts, testPassword, type TestAccount } from '../support/accounts.ts';
import { removeDistricts } from '../support/areas.ts';
import { withTransaction } from '../../db/client.ts';

const database = connectTestDatabase();
const engine = database.mode;
const C1 = '975002001001';
const [G1, G2, G3] = ['97500200100101', '97500200100102', '97500200100103'];
const box = (w: number, s: number, e: number, n: number) => `ST_Multi(ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))`;
const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
let browser: Browser;
let server: Awaited<ReturnType<typeof serveApp>>;
let admin: TestAccount, commander: TestAccount;

async function cleanUp() {
  await database.pool.query(`DELETE FROM area_versions WHERE left(code, 6) = '975002'`);
  await database.pool.query(`DELETE FROM boundary_edits WHERE left(target, 6) = '975002'`);
  await removeDistricts((text, values) => database.pool.query(text, values), ['975002']);
}

const editCount = async () => Number((await database.pool.query(`SELECT count(*) FROM boundary_edits WHERE left(target, 6) = '975002'`)).rows[0].count);
const api = async (path: string, who: TestAccount = admin) => {
  const res = await fetch(`${server.url}${path}`, { headers: who.bearer });
  expect(res.status, path).toBe(200);
  return res.json();
};
const gridCodes = async (asOf: string) =>
  ((await api(`/api/boundaries/grids?area=${C1}&asOf=${encodeURIComponent(asOf)}`)) as { features: { properties: { code: string } }[] }).features.map(
    (f) => f.properties.code,
  );
const kpiChildren = async (asOf: string) =>
  ((await api(`/api/kpis?area=${C1}&asOf=${encodeURIComponent(asOf)}`, commander)) as { children: { code: string }[] }).children.map((c) => c.code).sort();

/** Page position of a lon/lat on the editor's map (which sits below the header bar, beside the panel). */
const at = (page: Page, lon: number, lat: number) =>
  page.evaluate(
    ([x, y]) => {
      const { map } = (window as any).__edit;
      const box = map.getContainer().getBoundingClientRect();
      const p = map.project([x, y]);
      return { x: box.left + p.x, y: box.top + p.y };
    },
    [lon, lat],
  );
const click = async (page: Page, lon: number, lat: number) => {
  const p = await at(page, lon, lat);
  await page.mouse.click(p.x, p.y);
};

async function openEditor(width: number, height: number) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const login = await context.request.post(`${server.url}/api/auth/login`, { data: { username: (await admin).username, password: testPassword } });
  expect(login.status()).toBe(200);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${server.url}/edit/?area=${C1}`);
  await page.waitForFunction(() => (window as any).__edit !== undefined, null, { timeout: 30_000 });
  await page.evaluate(() => (window as any).__edit.ready);
  return { context, page };
}

describe.skipIf(skipBrowser)(`the boundary editor (${engine})`, () => {
  beforeAll(async () => {
    buildWebApp();
    await cleanUp();
    await withTransaction(database, async (client) => {
      const common = `'2023', true, 'test'`;
      await client.query(
        `INSERT INTO districts (code, name, code_vintage, synthetic, source, parent_code, geom) VALUES ('975002', '编辑页测试区', ${common}, '975000', ${box(127.1, 42, 127.14, 42.02)})`,
      );
      await client.query(
        `INSERT INTO streets (code, name, code_vintage, synthetic, source, parent_code, kind, geom) VALUES ('975002001', '编辑页街道', ${common}, '975002', 'subdistrict', ${box(127.1, 42, 127.14, 42.02)})`,
      );
      await client.query(`INSERT INTO communities (code, name, code_vintage, synthetic, source, parent_code, kind, geom) VALUES
        ('${C1}', '编辑页社区一', ${common}, '975002001', 'community', ${box(127.1, 42, 127.12, 42.02)}),
        ('975002001002', '编辑页社区二', ${common}, '975002001', 'community', ${box(127.12, 42, 127.14, 42.02)})`);
      await client.query(`INSERT INTO grid_cells (code, name, code_vintage, synthetic, source, parent_code, kind, households, population, geom) VALUES
        ('${G1}', '编辑页网格一', ${common}, '${C1}', 'general', 400, 1000, ${box(127.1, 42, 127.11, 42.02)}),
        ('${G2}', '编辑页网格二', ${common}, '${C1}', 'general', 300, 900, ${box(127.11, 42, 127.12, 42.02)}),
        ('97500200100201', '编辑页网格四', ${common}, '975002001002', 'general', 0, 0, ${box(127.12, 42, 127.14, 42.02)})`);
    });
    admin = await createAccount(database, { role: 'admin', scopeCode: null }, 'edit');
    commander = await createAccount(database, { role: 'commander', scopeCode: null }, 'edit');
    server = await serveApp(database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cleanUp();
    await removeAccounts(database, [admin, commander].filter(Boolean));
    await database.close();
  });

  it('splits a grid along a line drawn with clicks; yesterday keeps the old grid, today has both parts', async () => {
    const { context, page } = await openEditor(1920, 1080);
    const status = page.locator('[data-testid=edit-status]');
    await page.locator('button[data-tool=split]').click();
    await click(page, 127.105, 42.01); // picks the grid, then Terra Draw takes the line's clicks
    await expect.poll(() => status.innerText()).toContain(G1);
    await click(page, 127.104, 41.9993);
    await click(page, 127.104, 42.0207);
    await click(page, 127.104, 42.0207); // the last point again ends the line
    await expect.poll(() => status.innerText()).toContain('已画好分割线');
    await page.locator('form.edit-form textarea[name=reason]').fill('人口增长，网格拆分');
    await page.locator('form.edit-form button[type=submit]').click();
    const result = page.locator('[data-testid=edit-result]');
    await result.waitFor({ timeout: 20_000 });
    expect(await result.innerText()).toMatch(new RegExp(`新增: ${G3}[\\s\\S]*变更: ${G1}`));
    await expect.poll(() => page.locator('[data-testid=edit-log] li[data-kind=split]').first().innerText()).toContain('人口增长，网格拆分');
    await page.screenshot({ path: `${screenshotDir}/edit-split-${engine}.png` });

    const parts = await database.pool.query(`SELECT code, ST_XMin(geom) AS west FROM grid_cells WHERE code = ANY($1) ORDER BY code`, [[G1, G3]]);
    expect(parts.rows.map((r) => [r.code, Number(r.west).toFixed(3)])).toEqual([
      [G1, '127.104'],
      [G3, '127.100'],
    ]);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(await gridCodes(yesterday)).toEqual([G1, G2]);
    expect(await gridCodes(today)).toEqual([G1, G2, G3]);
    expect(await kpiChildren(yesterday)).toEqual([G1, G2]);
    expect(await kpiChildren(today)).toEqual([G1, G2, G3]);

    // the page's "as of" picker shows the grids as they stood yesterday, read-only
    await page.locator('input[name=asOf]').fill(yesterday);
    await page.locator('[data-testid=history-note]').waitFor();
    await expect.poll(() => page.locator('.controls .hint').innerText()).toBe('2 个网格');
    expect(await page.locator('button[data-tool=split]').count()).toBe(0);
    await context.close();
  });

  it('shows the server’s refusal of a redraw that leaves a gap, and changes nothing', async () => {
    const { context, page } = await openEditor(1920, 1080);
    const before = await editCount();
    await page.locator('button[data-tool=redraw]').click();
    await click(page, 127.115, 42.01); // selects G2 in Terra Draw: its vertices become draggable
    const corner = await at(page, 127.12, 42.02);
    const inward = await at(page, 127.117, 42.017);
    await page.mouse.move(corner.x, corner.y);
    await page.mouse.down();
    await page.mouse.move(inward.x, inward.y, { steps: 8 });
    await page.mouse.up();
    await page.locator('form.edit-form textarea[name=reason]').fill('测试缺口');
    await page.locator('form.edit-form button[type=submit]').click();
    const error = page.locator('[data-testid=edit-error]');
    await expect.poll(() => error.innerText(), { timeout: 20_000 }).toMatch(new RegExp(`leave \\d+ m² of community ${C1} uncovered near POINT\\(127\\.1`));
    await page.screenshot({ path: `${screenshotDir}/edit-refused-${engine}.png` });
    expect(await editCount()).toBe(before);
    await context.close();
  });

  it('is read-only on a phone, and says so', async () => {
    const phone = await openEditor(390, 844);
    expect(await phone.page.locator('.phone-note').isVisible()).toBe(true);
    expect(await phone.page.locator('.tool-panel').isVisible()).toBe(false);
    await phone.page.screenshot({ path: `${screenshotDir}/edit-phone-${engine}.png`, fullPage: true });
    await phone.context.close();
  });

  it('tells a commander that editing is for administrators', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    await context.request.post(`${server.url}/api/auth/login`, { data: { username: commander.username, password: testPassword } });
    const page = await context.newPage();
    await page.goto(`${server.url}/edit/?area=${C1}`);
    await expect.poll(() => page.locator('[data-testid=admin-only]').innerText()).toContain('仅管理员');
    await context.close();
  });

  it('signs a visitor in from the form of /admin/ and of /edit/: a wrong password is said, the right one opens the page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/`);
    await page.locator('form.login input[name=username]').fill((await admin).username);
    await page.locator('form.login input[name=password]').fill('not-the-password');
    await page.locator('form.login button[type=submit]').click();
    await expect.poll(() => page.locator('form.login [role=alert]').innerText()).toBe('用户名或密码错误');
    await page.goto(`${server.url}/edit/?area=${C1}`);
    expect(await page.locator('form.login').innerText()).toContain('仅管理员');
    await page.screenshot({ path: `${screenshotDir}/edit-sign-in-${engine}.png` });
    await page.locator('form.login input[name=username]').fill((await admin).username);
    await page.locator('form.login input[name=password]').fill(testPassword);
    await page.locator('form.login button[type=submit]').click();
    await page.waitForFunction(() => (window as any).__edit !== undefined, null, { timeout: 30_000 });
    expect(await page.locator('form.login').count()).toBe(0);
    await context.close();
  });
});
