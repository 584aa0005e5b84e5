import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { tileJsonSchema } from '../../core/contracts/map.ts';
import { tileLayerIds } from '../../core/tiles/layer-ids.ts';

const database = connectTestDatabase();
afterAll(() => database.close());

async function styleOf(overrides: Record<string, string> = {}) {
  const app = createApp({ database, env: testEnv(overrides) });
  const res = await app.request('/style.json');
  expect(res.status).toBe(200);
  return { app, style: (await res.json()) as Record<string, any> };
}

/** Every URL the style would make the browser fetch. */
const urlsOf = (style: Record<string, any>): string[] =>
  [style.glyphs, style.sprite, ...Object.values(style.sources).flatMap((s: any) => [s.url, ...(s.tiles ?? [])])].filter(Boolean);

describe('style.json', () => {
  it('passes the MapLibre style-spec validator and stays inside the app by default', async () => {
    const { app, style } = await styleOf();
    expect(validateStyleMin(style as never)).toEqual([]);
    expect(style.glyphs).toBeUndefined();
    for (const url of urlsOf(style)) expect(url.startsWith('http://localhost/')).toBe(true);
    expect(JSON.stringify(style)).toContain('AMap (高德)');
    // land, each boundary level and labels by level
    const ids = style.layers.map((l: any) => l.id);
    for (const id of [
      'districts-fill',
      'districts-line',
      'streets-line',
      'communities-line',
      'grid-cells-line',
      'districts-label',
      'streets-label',
      'communities-label',
    ])
      expect(ids).toContain(id);
    const width = (id: string) => style.layers.find((l: any) => l.id === id).paint['line-width'].at(-1);
    expect(width('districts-line')).toBeGreaterThan(width('streets-line'));
    expect(width('streets-line')).toBeGreaterThan(width('communities-line'));
    // the same versioned tile URLs as TileJSON
    for (const layer of tileLayerIds) {
      const tileJson = tileJsonSchema.parse(await (await app.request(`/tiles/${layer}`)).json());
      expect(style.sources[layer].tiles).toEqual(tileJson.tiles);
    }
  });

  it('adds Tianditu or an XYZ raster when configured, still valid', async () => {
    const { style: tianditu } = await styleOf({ TIANDITU_KEY: 'test-key' });
    expect(validateStyleMin(tianditu as never)).toEqual([]);
    expect(tianditu.sources.basemap.tiles[0]).toMatch(/^https:\/\/t0\.tianditu\.gov\.cn\/vec_w\/wmts\?.*tk=test-key/);
    expect(tianditu.layers[1].id).toBe('basemap');
    const { style: xyz } = await styleOf({ BASEMAP_XYZ_URL: 'http://intranet.example/tiles/{z}/{x}/{y}.png' });
    expect(validateStyleMin(xyz as never)).toEqual([]);
    expect(xyz.sources.basemap.tiles).toEqual(['http://intranet.example/tiles/{z}/{x}/{y}.png']);
  });

  it('serves a local .pmtiles basemap with HTTP range requests', async () => {
    const file = path.join(inject('database').dataDir, 'basemap.pmtiles');
    const bytes = Buffer.alloc(300, 7);
    bytes.write('PMTiles', 0, 'latin1');
    bytes[7] = 3;
    bytes[99] = 2; // PNG tiles
    writeFileSync(file, bytes);
    const { app, style } = await styleOf({ BASEMAP_PMTILES: file });
    expect(validateStyleMin(style as never)).toEqual([]);
    expect(style.sources.basemap).toMatchObject({ type: 'raster', url: 'pmtiles://http://localhost/basemap.pmtiles' });
    const part = await app.request('/basemap.pmtiles', { headers: { range: 'bytes=0-126' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 0-126/300');
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(0, 127))).toBe(true);
    const tail = await app.request('/basemap.pmtiles', { headers: { range: 'bytes=-10' } });
    expect((await tail.arrayBuffer()).byteLength).toBe(10);
    const outside = await app.request('/basemap.pmtiles', { headers: { range: 'bytes=500-600' } });
    expect(outside.status).toBe(416);
    const none = await createApp({ database, env: testEnv() }).request('/basemap.pmtiles');
    expect(none.status).toBe(404);
  });
});
