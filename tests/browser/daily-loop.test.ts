/**
 * Issue #12's acceptance test, the daily case loop on three screens: worker A reports a case with a
 * photo from a phone (390×844) → the commander (1920×1080) registers it and dispatches it to worker B,
 * picked from the panel's on-duty candidates → B gets it live in 我的待办, accepts and reports back with
 * a photo while offline (the queue sends each once back online) → the commander verifies, passes and
 * evaluates. The API then shows every step exactly once, both photos, and no EXIF in what was stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { connectTestDatabase } from '../support/database.ts';
import { buildWebApp, launchBrowser, screenshotDir, serveApp, signedInFieldPhone, skipBrowser } from '../support/browser.ts';
import { createAccount, removeAccounts, testPassword, type TestAccount } from '../support/accounts.ts';

const database = connectTestDatabase();
const engine = database.mode;
const district = '210103'; // 沈河区 in the small demo city
// a phone photo with a GPS fix in its EXIF: what must never be stored or served
const cameraPhoto = readFileSync(new URL('../fixtures/images/gps-exif.jpg', import.meta.url));
const exifMarker = Buffer.from('Exif\0\0', 'latin1');
const slow = 180_000;

interface Pair {
  community: string;
  gridA: string;
  workerA: string;
  lonA: number;
  latA: number;
  workerB: string;
  lonB: number;
  latB: number;
}
let browser: Browser;
let server: Awaited<ReturnType<typeof serveApp>>;
let pair: Pair;
let workerA: TestAccount, workerB: TestAccount, commander: TestAccount, admin: TestAccount;
const created: number[] = [];

const count = async (id: number, action: string) =>
  (await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_events WHERE incident_id = $1 AND action = $2', [id, action])).rows[0]!.n;
const photos = async (id: number, stage: string) =>
  (await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_attachments WHERE incident_id = $1 AND stage = $2', [id, stage])).rows[0]!
    .n;
const until = async (check: () => Promise<boolean>, ms = 30_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) if (await check()) return;
  throw new Error('timed out');
};
const online = async (context: BrowserContext, page: Page) => {
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
};

/** A grid worker's phone at `lon, lat`, signed in on /field/ (it starts sharing its position on duty). */
const phone = (account: TestAccount, lon: number, lat: number) => signedInFieldPhone(browser, server.url, account.username, { lon, lat });

/** The commander's wall at 1920×1080 on the district. */
async function wall(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const login = await context.request.post(`${server.url}/api/auth/login`, { data: { username: commander.username, password: testPassword } });
  expect(login.status()).toBe(200);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error (commander):', error.message));
  await page.goto(`${server.url}/command?area=${district}&period=12m`);
  await page.waitForFunction(() => (window as any).__command !== undefined, null, { timeout: 30_000 });
  await page.evaluate(() => (window as any).__command.ready);
  return { context, page };
}

describe.skipIf(skipBrowser)(`the daily case loop on three screens (${engine})`, () => {
  beforeAll(async () => {
    buildWebApp();
    // two general grids of one community with different workers: A reports in A's grid, B is on duty in B's
    const { rows } = await database.pool.query<Pair>(
      `SELECT ga.parent_code AS community, ga.code AS "gridA", ga.worker_code AS "workerA",
         ST_X(ST_PointOnSurface(ga.geom)) AS "lonA", ST_Y(ST_PointOnSurface(ga.geom)) AS "latA",
         gb.worker_code AS "workerB", ST_X(ST_PointOnSurface(gb.geom)) AS "lonB", ST_Y(ST_PointOnSurface(gb.geom)) AS "latB"
       FROM grid_cells ga
       JOIN grid_cells gb ON gb.parent_code = ga.parent_code AND gb.kind = 'general' AND gb.worker_code <> ga.worker_code
       JOIN grid_workers wa ON wa.code = ga.worker_code AND wa.community_code = ga.parent_code
       JOIN grid_workers wb ON wb.code = gb.worker_code AND wb.community_code = gb.parent_code
       WHERE left(ga.code, 6) = $1 AND ga.kind = 'general'
       ORDER BY ga.code DESC, gb.code DESC LIMIT 1`,
      [district],
    );
    expect(rows, 'the demo district has a community with two workers').toHaveLength(1);
    pair = rows[0]!;
    workerA = await createAccount(database, { role: 'grid_worker', scopeCode: pair.community, workerCode: pair.workerA }, 'loop');
    workerB = await createAccount(database, { role: 'grid_worker', scopeCode: pair.community, workerCode: pair.workerB }, 'loop');
    commander = await createAccount(database, { role: 'commander', scopeCode: district }, 'loop');
    admin = await createAccount(database, { role: 'admin' }, 'loop');
    server = await serveApp(database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (created.length) {
      await database.pool.query('DELETE FROM live_events WHERE incident_id = ANY($1)', [created]);
      await database.pool.query('DELETE FROM incidents WHERE id = ANY($1)', [created]);
    }
    if (pair) {
      const workers = [pair.workerA, pair.workerB];
      await database.pool.query('DELETE FROM worker_on_duty WHERE worker_code = ANY($1)', [workers]);
      await database.pool.query('DELETE FROM worker_positions WHERE worker_code = ANY($1)', [workers]);
    }
    await removeAccounts(
      database,
      [workerA, workerB, commander, admin].filter((a) => a),
    );
    await database.close();
  });

  it(
    'reports, dispatches to an on-duty worker, handles offline, verifies and closes: each step once, photos without EXIF',
    async () => {
      expect(cameraPhoto.includes(exifMarker), 'the fixture carries EXIF').toBe(true);
      const command = await wall();
      // B's phone is open near the case: on duty, so the dispatch picker lists B
      const b = await phone(workerB, pair.lonB, pair.latB);
      await b.page.waitForSelector('#position-share[data-sharing="true"]', { timeout: 30_000 });
      await until(async () => (await database.pool.query('SELECT 1 FROM worker_on_duty WHERE worker_code = $1', [pair.workerB])).rows.length === 1);

      // 1. worker A reports from the scene with a camera photo
      const a = await phone(workerA, pair.lonA, pair.latA);
      await a.page.click('#locate-me');
      await a.page.waitForSelector(`#grid-card[data-grid="${pair.gridA}"]`, { timeout: 30_000 });
      const marker = `三屏闭环-${engine}-${Date.now()}`;
      await a.page.selectOption('#report-category', 'environment');
      await a.page.fill('#report-description', marker);
      await a.page.setInputFiles('#report-photo', { name: 'scene.jpg', mimeType: 'image/jpeg', buffer: cameraPhoto });
      await a.page.waitForSelector('.photo-preview:not([hidden])');
      await a.page.click('#report-submit');
      await a.page.waitForSelector('#queue-list li[data-state="sent"] .incident-code', { timeout: 30_000 });
      const { rows } = await database.pool.query<{ id: number; code: string }>('SELECT id, code FROM incidents WHERE description = $1', [marker]);
      expect(rows).toHaveLength(1);
      const { id, code } = rows[0]!;
      created.push(id);
      await until(async () => (await photos(id, 'report')) === 1);
      await a.context.close();

      // 2. the commander sees it live, registers it and dispatches it to B from the candidate list
      const row = command.page.locator(`#cmd-live li[data-incident="${id}"]`).first();
      await row.waitFor({ timeout: 30_000 });
      expect(await row.innerText()).toContain(code);
      await row.click();
      await command.page.locator('#cmd-panel button[data-action=register]').click();
      await command.page.locator('#cmd-panel dd[data-status=registered]').waitFor({ timeout: 30_000 });
      const pick = command.page.locator(`#cmd-panel input[name=pick][data-worker="${pair.workerB}"]`);
      await pick.waitFor({ timeout: 30_000 });
      // B is listed among the on-duty workers with a distance, not as the grid's own worker
      expect(await pick.locator('xpath=..').innerText()).toMatch(/\d+(\.\d)? k?m/);
      await pick.check();
      await command.page.screenshot({ path: `${screenshotDir}/daily-loop-dispatch-${engine}.png` });
      await command.page.locator('#cmd-panel button[data-action=dispatch]').click();
      await command.page.locator('#cmd-panel dd[data-status=dispatched]').waitFor({ timeout: 30_000 });

      // 3. B's inbox gets it live; B accepts offline, then reports back with a photo offline; each is sent once
      await b.page.waitForSelector(`#tasks-list li[data-id="${id}"] .badge.new`, { timeout: 30_000 });
      await b.page.click(`#tasks-list li[data-id="${id}"] .task-open`);
      await b.page.waitForSelector('#task-history li[data-action="dispatch"]', { timeout: 30_000 });
      await b.context.setOffline(true);
      await b.page.click('#act-accept');
      await b.page.waitForSelector('#task-queued li[data-state="queued"]');
      expect(await count(id, 'accept')).toBe(0);
      await online(b.context, b.page);
      await b.page.waitForSelector('#task-queued li[data-state="sent"]', { timeout: 30_000 });
      await until(async () => (await count(id, 'accept')) === 1);

      await b.page.waitForSelector('#task-page[data-status="handling"] form[data-action="report_back"]', { timeout: 30_000 });
      await b.context.setOffline(true);
      await b.page.fill('#act-note-report_back', '已清理完毕，现场恢复');
      await b.page.setInputFiles('#act-photos', { name: 'done.jpg', mimeType: 'image/jpeg', buffer: cameraPhoto });
      await b.page.click('#act-report_back');
      await b.page.waitForSelector('#task-queued li[data-state="queued"]');
      expect(await count(id, 'report_back')).toBe(0);
      await b.page.screenshot({ path: `${screenshotDir}/daily-loop-offline-${engine}.png` });
      await online(b.context, b.page);
      await until(async () => (await count(id, 'report_back')) === 1);
      await until(async () => (await photos(id, 'feedback')) === 1);
      await b.page.evaluate(() => (window as any).__field.syncReports()); // a second sync sends nothing again
      await b.context.close();

      // 4. the commander reopens the case, verifies, passes and evaluates it
      await row.click();
      await command.page.locator('#cmd-panel dd[data-status=feedback]').waitFor({ timeout: 30_000 });
      for (const [action, status] of [
        ['verify', 'verifying'],
        ['pass', 'closed'],
      ] as const) {
        await command.page.locator(`#cmd-panel button[data-action=${action}]`).click();
        await command.page.locator(`#cmd-panel dd[data-status=${status}]`).waitFor({ timeout: 30_000 });
      }
      await command.page.locator('#cmd-panel select[name=satisfaction]').selectOption('5');
      await command.page.locator('#cmd-panel button[data-action=evaluate]').click();
      await command.page.locator('#cmd-panel dd[data-status=evaluated]').waitFor({ timeout: 30_000 });
      await command.page.screenshot({ path: `${screenshotDir}/daily-loop-closed-${engine}.png` });
      await command.context.close();

      // 5. the record, as the admin reads it
      const res = await fetch(`${server.url}/api/incidents/${id}`, { headers: admin.bearer });
      expect(res.status).toBe(200);
      const detail = (await res.json()) as {
        status: string;
        assignee: { kind: string; code: string };
        history: { action: string }[];
        attachments: { id: number; stage: string; url: string }[];
      };
      expect(detail.status).toBe('evaluated');
      expect(detail.assignee).toMatchObject({ kind: 'grid_worker', code: pair.workerB });
      expect(detail.history.map((h) => h.action)).toEqual(['report', 'register', 'dispatch', 'accept', 'report_back', 'verify', 'pass', 'evaluate']);
      expect(detail.attachments.map((p) => p.stage).sort()).toEqual(['feedback', 'report']);

      // the stored bytes and the served bytes of both photos: a JPEG without the camera's EXIF (and its GPS fix)
      const stored = await database.pool.query<{ id: number; data: Buffer }>('SELECT id, data FROM incident_attachments WHERE incident_id = $1', [id]);
      expect(stored.rows).toHaveLength(2);
      for (const photo of detail.attachments) {
        const served = await fetch(`${server.url}/api/attachments/${photo.id}`, { headers: admin.bearer });
        expect(served.status).toBe(200);
        const bytes = Buffer.from(await served.arrayBuffer());
        const row = stored.rows.find((r) => Number(r.id) === Number(photo.id));
        expect(row, `attachment ${photo.id} stored`).toBeDefined();
        for (const buffer of [bytes, row!.data]) {
          expect(buffer.includes(exifMarker)).toBe(false);
          const meta = await sharp(buffer).metadata();
          expect(meta.exif).toBeUndefined();
          expect(meta.width).toBeGreaterThan(0);
        }
      }
    },
    slow,
  );
});
