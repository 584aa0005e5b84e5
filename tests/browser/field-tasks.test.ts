/**
 * 我的待办 on the phone (390×844): the inbox lists the worker's dispatched case, a new dispatch arrives
 * live with a badge, an action taken offline is sent once when the phone is back online (and stays
 * single when resent, as after a lost reply), a report-back carries its photo, a case reassigned while
 * offline comes back refused with the reason in Chinese, and the position is shared while on duty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { deflateSync } from 'node:zlib';
import { connectTestDatabase } from '../support/database.ts';
import { buildWebApp, launchBrowser, screenshotDir, serveApp, signedInFieldPhone, skipBrowser } from '../support/browser.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { FF, insertFieldFixture, removeFieldFixture, type Box } from '../support/field-fixture.ts';

const database = connectTestDatabase();
const engine = database.mode;
let browser: Browser;
let server: Awaited<ReturnType<typeof serveApp>>;
let worker: TestAccount, commander: TestAccount;
let grid: { code: string; box: Box; workerCode: string | null };
const center = () => ({ lon: (grid.box[0] + grid.box[2]) / 2, lat: (grid.box[1] + grid.box[3]) / 2 });

/** A small valid PNG (a solid square), as a phone camera would give a file. */
function png(size = 64): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 2;
  const rows = Buffer.concat(Array.from({ length: size }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, 0x5a)])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const call = async (path: string, body: unknown) => {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { ...commander.bearer, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as { id: number; code: string };
};
/** A case reported, registered and dispatched to the fixture grid's worker by the commander. */
async function dispatchedCase(description: string) {
  const { id, code } = await call('/api/incidents', { category: 'environment', location: center(), description });
  await call(`/api/incidents/${id}/actions`, { action: 'register' });
  await call(`/api/incidents/${id}/actions`, { action: 'dispatch', assignee: { kind: 'grid_worker', code: grid.workerCode } });
  return { id, code };
}
const count = async (id: number, action: string) =>
  (await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_events WHERE incident_id = $1 AND action = $2', [id, action])).rows[0]!.n;
const until = async (check: () => Promise<boolean>, ms = 30_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) if (await check()) return;
  throw new Error('timed out');
};

const signedInPhone = () => signedInFieldPhone(browser, server.url, worker.username, center());

describe.skipIf(skipBrowser)(`field inbox at phone size in headless Chromium (${engine})`, () => {
  beforeAll(async () => {
    buildWebApp();
    const grids = await insertFieldFixture(database);
    grid = grids.find((g) => g.code.startsWith('960100001001') && g.workerCode)!;
    worker = await createAccount(database, { role: 'grid_worker', scopeCode: '960100001001', workerCode: grid.workerCode! }, 'inbox');
    commander = await createAccount(database, { role: 'commander', scopeCode: FF.d1 }, 'inbox');
    server = await serveApp(database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database.pool.query(`DELETE FROM worker_positions WHERE worker_code = $1`, [grid?.workerCode]).catch(() => undefined);
    await removeFieldFixture(database);
    await removeAccounts(database, [worker, commander]);
    await database.close();
  });

  it('lists dispatched cases, shows a new dispatch live, sends an offline action exactly once', async () => {
    const first = await dispatchedCase('收件箱测试：路边垃圾');
    const { context, page } = await signedInPhone();
    await page.waitForSelector(`#tasks-list li[data-id="${first.id}"]`, { timeout: 30_000 });
    expect(await page.textContent(`#tasks-list li[data-id="${first.id}"]`)).toMatch(/待接单.*剩余/);

    // a dispatch made while the page is open arrives through the live stream, with a badge
    const second = await dispatchedCase('收件箱测试：改派的案件');
    await page.waitForSelector(`#tasks-list li[data-id="${second.id}"] .badge.new`, { timeout: 30_000 });
    expect(await page.textContent('#tasks-badge')).toContain('1');
    await page.screenshot({ path: `${screenshotDir}/field-tasks-inbox-${engine}.png` });

    // open the first case, go offline, accept it: queued on the phone, nothing on the server yet
    await page.click(`#tasks-list li[data-id="${first.id}"] .task-open`);
    await page.waitForSelector('#task-history li[data-action="dispatch"]');
    expect(await page.getAttribute('#task-page .nav-geo', 'href')).toMatch(/^geo:/);
    await context.setOffline(true);
    await page.click('#act-accept');
    await page.waitForSelector('#task-queued li[data-state="queued"]');
    expect(await count(first.id, 'accept')).toBe(0);
    await page.screenshot({ path: `${screenshotDir}/field-tasks-offline-${engine}.png` });

    // back online: sent once
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForSelector('#task-queued li[data-state="sent"]', { timeout: 30_000 });
    await until(async () => (await count(first.id, 'accept')) === 1);
    // a lost reply: the phone sends the same action again with its key, the server applies nothing new
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('pingan-field');
          open.onsuccess = () => {
            const store = open.result.transaction('actions', 'readwrite').objectStore('actions');
            const all = store.getAll();
            all.onsuccess = () => {
              for (const a of all.result) store.put({ ...a, state: 'queued' });
              store.transaction.oncomplete = () => resolve();
            };
          };
          open.onerror = () => reject(open.error);
        }),
    );
    await page.evaluate(() => (window as any).__field.syncReports());
    expect(await count(first.id, 'accept')).toBe(1);

    // report back with a note and a photo; the photo follows the action, once
    await page.waitForSelector('#task-page[data-status="handling"] form[data-action="report_back"]', { timeout: 30_000 });
    await page.fill('#act-note-report_back', '已清理完毕');
    await page.setInputFiles('#act-photos', { name: 'site.png', mimeType: 'image/png', buffer: png() });
    await page.click('#act-report_back');
    await until(async () => (await count(first.id, 'report_back')) === 1);
    await until(
      async () =>
        (await database.pool.query(`SELECT count(*)::int AS n FROM incident_attachments WHERE incident_id = $1 AND stage = 'feedback'`, [first.id])).rows[0]
          .n === 1,
    );
    await page.evaluate(() => (window as any).__field.syncReports());
    expect((await database.pool.query(`SELECT count(*)::int AS n FROM incident_attachments WHERE incident_id = $1`, [first.id])).rows[0].n).toBe(1);

    // the second case is reassigned while the phone is offline: the queued accept comes back refused, in Chinese
    await page.click('#task-back');
    await page.click(`#tasks-list li[data-id="${second.id}"] .task-open`);
    await page.waitForSelector('#act-accept');
    await context.setOffline(true);
    await page.click('#act-accept');
    await database.pool.query(`UPDATE incidents SET assignee_code = 'FF-GW-SOMEONE-ELSE' WHERE id = $1`, [second.id]);
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForSelector('li.queued-action[data-state="failed"]', { timeout: 30_000 });
    expect(await page.textContent('li.queued-action[data-state="failed"]')).toContain('已改派给其他网格员');
    expect(await count(second.id, 'accept')).toBe(0);
    // the refreshed inbox no longer holds the case: the page says so and offers no action that would fail
    await page.waitForSelector('#task-gone', { timeout: 30_000 });
    expect(await page.locator('#act-accept').count()).toBe(0);
    await page.screenshot({ path: `${screenshotDir}/field-tasks-refused-${engine}.png`, fullPage: true });
    await context.close();
  });

  it('refuses a report outside the city before queueing it; a report shows its case number and uploads its photo once', async () => {
    const { context, page } = await signedInPhone();
    await page.evaluate(() => ((window as any).__field.state.position = { lon: 100.5, lat: 20.5, source: 'pin' }));
    await page.selectOption('#report-category', 'environment');
    await page.fill('#report-description', '城外上报');
    await page.click('#report-submit');
    await page.waitForFunction(() => document.querySelector('#report-message')?.textContent?.includes('不在本市范围内'));
    expect(await page.locator('#queue-list li').count()).toBe(0);

    const marker = `带照片上报-${engine}-${Date.now()}`;
    await page.click('#locate-me');
    await page.waitForSelector(`#grid-card[data-grid="${grid.code}"]`, { timeout: 30_000 });
    await page.fill('#report-description', marker);
    await page.setInputFiles('#report-photo', { name: 'scene.png', mimeType: 'image/png', buffer: png() });
    await page.waitForSelector('.photo-preview:not([hidden])');
    await page.click('#report-submit');
    await page.waitForSelector('#queue-list li[data-state="sent"] .incident-code', { timeout: 30_000 });
    const { rows } = await database.pool.query<{ id: number; code: string }>('SELECT id, code FROM incidents WHERE description = $1', [marker]);
    expect(rows).toHaveLength(1);
    expect(await page.textContent('#queue-list li[data-state="sent"] .incident-code')).toContain(rows[0]!.code);
    const photos = async () =>
      (await database.pool.query(`SELECT count(*)::int AS n FROM incident_attachments WHERE incident_id = $1 AND stage = 'report'`, [rows[0]!.id])).rows[0].n;
    await until(async () => (await photos()) === 1);
    await page.evaluate(() => (window as any).__field.syncReports());
    expect(await photos()).toBe(1);
    await context.close();
  });

  it('shares the position while on duty and stops on request', async () => {
    const { context, page } = await signedInPhone();
    await page.waitForSelector('#position-share[data-sharing="true"]');
    expect(await page.textContent('#position-status')).toContain('正在共享位置');
    await until(
      async () => (await database.pool.query(`SELECT count(*)::int AS n FROM worker_positions WHERE worker_code = $1`, [grid.workerCode])).rows[0].n >= 1,
    );
    await page.click('#position-stop');
    await page.waitForSelector('#position-share[data-sharing="false"]');
    expect(await page.textContent('#position-status')).toContain('未共享位置');
    await context.close();
  });
});
