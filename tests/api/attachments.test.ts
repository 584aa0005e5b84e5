import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, login, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { F, P, insertIncidentFixture, removeIncidentFixture, workerC1 } from '../support/incident-fixture.ts';
import { attachmentListSchema, type Attachment } from '../../core/contracts/attachments.ts';
import { incidentDetailSchema } from '../../core/contracts/incidents.ts';
import { errorResponseSchema } from '../../core/contracts/errors.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
// small limits, to refuse by size and count without megabytes of test data
const tight = createApp({ database, env: testEnv({ ATTACHMENT_MAX_BYTES: '4096', ATTACHMENT_MAX_PER_CASE: '2' }) });
type App = typeof app;
const image = (name: string) => readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url));
const exifMarker = Buffer.from('Exif\0\0');
let admin: TestAccount, commanderD1: TestAccount, commanderD2: TestAccount, worker: TestAccount, workerC2: TestAccount, planner: TestAccount;

beforeAll(async () => {
  await insertIncidentFixture(database);
  admin = await createAccount(database, { role: 'admin' }, 'att');
  commanderD1 = await createAccount(database, { role: 'commander', scopeCode: F.d1 }, 'att');
  commanderD2 = await createAccount(database, { role: 'commander', scopeCode: F.d2 }, 'att');
  worker = await createAccount(database, { role: 'grid_worker', scopeCode: F.c1, workerCode: workerC1 }, 'att');
  workerC2 = await createAccount(database, { role: 'grid_worker', scopeCode: F.c2 }, 'att');
  planner = await createAccount(database, { role: 'planner' }, 'att');
});
afterAll(async () => {
  await removeIncidentFixture(database);
  await removeAccounts(database, [admin, commanderD1, commanderD2, worker, workerC2, planner]);
  await database.close();
});

/** A new case in grid G1 (community C1, district D1). */
async function newCase(): Promise<{ id: number; code: string }> {
  const res = await app.request('/api/incidents', {
    method: 'POST',
    headers: { ...admin.bearer, 'content-type': 'application/json' },
    body: JSON.stringify({ category: 'environment', location: P.g1, description: '测试：照片' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: number; code: string };
}
function form(files: [string, Uint8Array][], stage = 'report') {
  const body = new FormData();
  body.append('stage', stage);
  for (const [name, bytes] of files) body.append('files', new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' }));
  return body;
}
const upload = (who: Record<string, string>, id: number, files: [string, Uint8Array][], options: { stage?: string; key?: string; on?: App } = {}) =>
  (options.on ?? app).request(`/api/incidents/${id}/attachments`, {
    method: 'POST',
    headers: { ...who, ...(options.key ? { 'idempotency-key': options.key } : {}) },
    body: form(files, options.stage),
  });
const get = (who: TestAccount, path: string) => app.request(path, { headers: who.bearer });
const stored = async (id: number) =>
  (await database.pool.query<{ id: number; data: Buffer }>('SELECT id, data FROM incident_attachments WHERE incident_id = $1 ORDER BY id', [id])).rows;
async function refusal(res: Response, status: number, field: string) {
  expect(res.status, await res.clone().text()).toBe(status);
  const { error } = errorResponseSchema.parse(await res.json());
  expect(error.field).toBe(field);
  return error;
}

describe('POST /api/incidents/:id/attachments', () => {
  let caseId: number, caseCode: string, first: Attachment;

  it('stores a phone JPEG without its EXIF, XMP and ICC, orientation applied, with a thumbnail', async () => {
    ({ id: caseId, code: caseCode } = await newCase());
    const original = image('gps-exif.jpg');
    expect(original.includes(exifMarker)).toBe(true);
    const res = await upload(worker.bearer, caseId, [['IMG_0001.jpg', original]], { key: 'photo-upload-0001' });
    expect(res.status, await res.clone().text()).toBe(201);
    const { items } = attachmentListSchema.parse(await res.json());
    first = items[0]!;
    expect(first).toMatchObject({ incidentId: caseId, stage: 'report', contentType: 'image/jpeg', width: 480, height: 640 });
    expect(first.url).toBe(`/api/attachments/${first.id}`);

    const [row] = await stored(caseId);
    expect(row!.data.includes(exifMarker)).toBe(false);
    expect(row!.data.includes(Buffer.from('PinganTestCam'))).toBe(false);
    const meta = await sharp(row!.data).metadata();
    expect([meta.exif, meta.xmp, meta.icc, meta.orientation]).toEqual([undefined, undefined, undefined, undefined]);
    expect(row!.data.length).toBe(first.bytes);

    const thumb = await get(commanderD1, first.thumbnailUrl);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const thumbMeta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([thumbMeta.format, thumbMeta.width, thumbMeta.height]).toEqual(['jpeg', 240, 320]);
  });

  it('serves the stored bytes privately, typed by the bytes, never cached', async () => {
    const res = await get(commanderD1, first.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals((await stored(caseId))[0]!.data)).toBe(true);
  });

  it('answers a repeated Idempotency-Key with the same items and stores nothing new', async () => {
    const res = await upload(worker.bearer, caseId, [['IMG_0001.jpg', image('gps-exif.jpg')]], { key: 'photo-upload-0001' });
    expect(res.status).toBe(200);
    expect(attachmentListSchema.parse(await res.json()).items).toEqual([first]);
    expect(await stored(caseId)).toHaveLength(1);
    // the same key on another case is a conflict, not a silent replay
    const other = await newCase();
    const error = await refusal(
      await upload(worker.bearer, other.id, [['a.jpg', image('gps-exif.jpg')]], { key: 'photo-upload-0001' }),
      409,
      'Idempotency-Key',
    );
    expect(error.field).toBe('Idempotency-Key');
  });

  it('takes PNG and WebP as report-back photos (session + CSRF); the case detail lists them all', async () => {
    const session = await login(app, worker.username);
    const res = await upload(
      { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      caseId,
      [
        ['a.png', image('photo.png')],
        ['b.webp', image('photo.webp')],
      ],
      { stage: 'feedback' },
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { items } = attachmentListSchema.parse(await res.json());
    expect(items.map((a) => [a.stage, a.contentType, a.width, a.height])).toEqual([
      ['feedback', 'image/png', 300, 200],
      ['feedback', 'image/webp', 200, 120],
    ]);
    const list = attachmentListSchema.parse(await (await get(commanderD1, `/api/incidents/${caseId}/attachments`)).json());
    expect(list.items.map((a) => a.id)).toEqual([first.id, ...items.map((a) => a.id)]);
    const detail = incidentDetailSchema.parse(await (await get(worker, `/api/incidents/${caseId}`)).json());
    expect(detail.attachments?.map((a) => a.contentType)).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    const png = await get(worker, items[0]!.url);
    expect(png.headers.get('content-type')).toBe('image/png');
  });

  it('exports the first report photo as Open311 media_url and every photo as an OGC link', async () => {
    const open311 = await get(commanderD1, `/open311/v2/requests/${caseCode}.json`);
    const [request] = (await open311.json()) as { media_url: string | null }[];
    expect(request!.media_url).toMatch(new RegExp(`^https?://[^/]+/api/attachments/${first.id}$`));
    const ogc = await get(commanderD1, `/ogc/collections/incidents/items/${caseCode}?f=json`);
    const feature = (await ogc.json()) as { links: { rel: string; href: string; type: string }[] };
    const photos = feature.links.filter((l) => l.rel === 'enclosure');
    expect(photos).toHaveLength(3);
    expect(photos[0]).toMatchObject({ type: 'image/jpeg', href: expect.stringMatching(new RegExp(`/api/attachments/${first.id}$`)) });
  });

  it('refuses by the bytes, not the name, and stores nothing of a refused upload', async () => {
    const before = (await stored(caseId)).length;
    const wrong = await refusal(
      await upload(worker.bearer, caseId, [
        ['ok.jpg', image('gps-exif.jpg')],
        ['holiday.jpg', image('not-a-photo.jpg')],
      ]),
      415,
      'files[1]',
    );
    expect(wrong).toMatchObject({ code: 'unsupported_media_type', field: 'files[1]' });
    expect(wrong.message).toContain('holiday.jpg');
    const heic = await refusal(await upload(worker.bearer, caseId, [['IMG_0002.HEIC', image('iphone.heic')]]), 415, 'files[0]');
    expect(heic.message).toMatch(/HEIC/);
    const broken = await refusal(
      await upload(worker.bearer, caseId, [
        ['ok.png', image('photo.png')],
        ['cut.jpg', image('truncated.jpg')],
      ]),
      422,
      'files[1]',
    );
    expect(broken).toMatchObject({ code: 'undecodable_image', field: 'files[1]' });
    expect(broken.message).toContain('cut.jpg');
    expect((await refusal(await upload(worker.bearer, caseId, [['a.jpg', image('gps-exif.jpg')]], { stage: 'later' }), 400, 'stage')).field).toBe('stage');
    const json = await app.request(`/api/incidents/${caseId}/attachments`, {
      method: 'POST',
      headers: { ...worker.bearer, 'content-type': 'application/json' },
      body: '{}',
    });
    expect((await refusal(json, 400, 'files')).field).toBe('files');
    expect(await stored(caseId)).toHaveLength(before);
  });

  it('refuses a file over ATTACHMENT_MAX_BYTES (413 naming it) and a body over the upload limit while it streams', async () => {
    const { id } = await newCase();
    const big = await refusal(
      await upload(
        worker.bearer,
        id,
        [
          ['small.webp', image('photo.webp')],
          ['big.jpg', image('gps-exif.jpg')],
        ],
        { on: tight },
      ),
      413,
      'files[1]',
    );
    expect(big).toMatchObject({ code: 'file_too_large', field: 'files[1]' });
    expect(big.message).toContain('big.jpg');
    // 4096 × 2 + 64 KiB of form overhead < the 128 KB PNG: cut off before the form is read
    const body = await refusal(await upload(worker.bearer, id, [['huge.png', image('photo.png')]], { on: tight }), 413, 'files');
    expect(body.code).toBe('payload_too_large');
    expect(await stored(id)).toHaveLength(0);
  });

  it('keeps to ATTACHMENT_MAX_PER_CASE, also under concurrent uploads (409 naming the first file over)', async () => {
    const { id } = await newCase();
    const webp = image('photo.webp');
    expect((await upload(worker.bearer, id, [['1.webp', webp]], { on: tight })).status).toBe(201);
    const over = await refusal(
      await upload(
        worker.bearer,
        id,
        [
          ['2.webp', webp],
          ['3.webp', webp],
        ],
        { on: tight },
      ),
      409,
      'files[1]',
    );
    expect(over).toMatchObject({ code: 'too_many_attachments', field: 'files[1]' });
    expect(over.message).toContain('3.webp');
    const racing = await Promise.all([1, 2, 3].map((n) => upload(worker.bearer, id, [[`r${n}.webp`, webp]], { on: tight })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await stored(id)).toHaveLength(2);
  });

  it('is staff only and scoped through the case: 404 outside the area, as if missing', async () => {
    const webp = image('photo.webp');
    const paths = [`/api/incidents/${caseId}/attachments`, first.url, first.thumbnailUrl];
    for (const outsider of [commanderD2, workerC2]) {
      expect((await upload(outsider.bearer, caseId, [['x.webp', webp]])).status).toBe(404);
      for (const path of paths) expect((await get(outsider, path)).status, `${path}`).toBe(404);
    }
    expect((await upload(planner.bearer, caseId, [['x.webp', webp]])).status).toBe(403);
    expect((await get(planner, first.url)).status).toBe(403);
    expect((await upload({}, caseId, [['x.webp', webp]])).status).toBe(401);
    expect((await app.request(first.url)).status).toBe(401);
    expect((await get(admin, '/api/attachments/2147483000')).status).toBe(404);
    expect((await refusal(await get(admin, '/api/attachments/abc'), 400, 'id')).field).toBe('id');
  });
});
