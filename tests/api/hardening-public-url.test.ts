/** #13 item 8b: absolute URLs come from PUBLIC_URL when set, never from a client's Host / X-Forwarded-Host alone. */
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';

const database = connectTestDatabase();
const publicUrl = 'https://grid.example.gov.cn';
const configured = createApp({ database, env: testEnv({ PUBLIC_URL: `${publicUrl}/` }) });
const unconfigured = createApp({ database, env: testEnv() });
const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

afterAll(async () => {
  await database.close();
});

/** Every absolute http(s) origin in a JSON document that points at this server (not a spec's URI such as www.opengis.net). */
const urls = (doc: unknown) =>
  [...JSON.stringify(doc).matchAll(/https?:\/\/[^"\\/]+/g)].map((match) => match[0]).filter((url) => !/opengis\.net|w3\.org|ietf\.org|json-schema/.test(url));

describe('PUBLIC_URL', () => {
  it('is the origin of TileJSON tile URLs, style.json sources and OGC API links, whatever the Host header says', async () => {
    for (const path of ['/tiles/districts', '/style.json', '/ogc', '/ogc/conformance', '/ogc/collections', '/ogc/collections/districts/items?limit=1']) {
      const res = await configured.request(`http://127.0.0.1:8080${path}`, { headers: { ...forged, accept: 'application/json' } });
      expect(res.status, path).toBe(200);
      const found = urls(await res.json());
      expect(found.length, path).toBeGreaterThan(0);
      expect(new Set(found), path).toEqual(new Set([publicUrl]));
    }
  });

  it("unset and without TRUST_PROXY: the request's own origin; X-Forwarded-Host is not trusted", async () => {
    const res = await unconfigured.request('http://127.0.0.1:8080/tiles/districts', { headers: forged });
    const found = urls(await res.json());
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((url) => url === 'http://127.0.0.1:8080')).toBe(true);
  });
});
