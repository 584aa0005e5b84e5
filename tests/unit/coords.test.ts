import { describe, expect, it } from 'vitest';
import { fromWgs84, navigationLinks, toWgs84, type LonLat } from '../../core/contracts/field-coords.ts';

/** Metres between two nearby positions (equirectangular; exact enough below a few km). */
const metres = (a: LonLat, b: LonLat) => {
  const k = Math.PI / 180;
  const x = (b.lon - a.lon) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  const y = (b.lat - a.lat) * k;
  return Math.hypot(x, y) * 6_371_008.8;
};

/**
 * The published GCJ-02 forward transform (Krasovsky ellipsoid constants) and the BD-09 step, written
 * here independently of gcoord to check it.
 */
function gcjReference({ lon, lat }: LonLat): LonLat {
  const a = 6378245.0,
    pi = Math.PI;
  // eslint-disable-next-line no-loss-of-precision -- the published constant as written; it rounds to the double meant
  const ee = 0.00669342162296594323;
  const x = lon - 105,
    y = lat - 35;
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20 * Math.sin(6 * x * pi) + 20 * Math.sin(2 * x * pi)) * 2) / 3;
  dLat += ((20 * Math.sin(y * pi) + 40 * Math.sin((y / 3) * pi)) * 2) / 3;
  dLat += ((160 * Math.sin((y / 12) * pi) + 320 * Math.sin((y * pi) / 30)) * 2) / 3;
  let dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLon += ((20 * Math.sin(6 * x * pi) + 20 * Math.sin(2 * x * pi)) * 2) / 3;
  dLon += ((20 * Math.sin(x * pi) + 40 * Math.sin((x / 3) * pi)) * 2) / 3;
  dLon += ((150 * Math.sin((x / 12) * pi) + 300 * Math.sin((x / 30) * pi)) * 2) / 3;
  const radLat = (lat / 180) * pi;
  const magic = 1 - ee * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((a * (1 - ee)) / (magic * sqrtMagic)) * pi);
  dLon = (dLon * 180) / ((a / sqrtMagic) * Math.cos(radLat) * pi);
  return { lon: lon + dLon, lat: lat + dLat };
}
function bdReference(p: LonLat): LonLat {
  const { lon: x, lat: y } = gcjReference(p);
  const xPi = (Math.PI * 3000) / 180;
  const z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin(y * xPi);
  const theta = Math.atan2(y, x) + 0.000003 * Math.cos(x * xPi);
  return { lon: z * Math.cos(theta) + 0.0065, lat: z * Math.sin(theta) + 0.006 };
}

/** Seeded points over Shenyang (122.4–123.8°E, 41.2–43.05°N). */
function shenyangPoints(n: number): LonLat[] {
  let a = 42;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => ({ lon: 122.4 + next() * 1.4, lat: 41.2 + next() * 1.85 }));
}

describe('GCJ-02 / BD-09 conversion', () => {
  const points = shenyangPoints(300);

  it('matches the published forward transforms (independent implementation) to a centimetre', () => {
    for (const p of points) {
      expect(metres(fromWgs84(p, 'gcj02'), gcjReference(p))).toBeLessThan(0.01);
      expect(metres(fromWgs84(p, 'bd09'), bdReference(p))).toBeLessThan(0.01);
    }
  });

  it('shifts Shenyang by hundreds of metres (the reason to convert at all)', () => {
    for (const p of points) {
      const gcj = metres(p, fromWgs84(p, 'gcj02'));
      expect(gcj).toBeGreaterThan(200);
      expect(gcj).toBeLessThan(900);
      expect(metres(p, fromWgs84(p, 'bd09'))).toBeGreaterThan(gcj);
    }
  });

  it('round-trips WGS-84 → GCJ-02/BD-09 → WGS-84 within 1 m', () => {
    let worst = 0;
    for (const p of points) {
      for (const crs of ['gcj02', 'bd09'] as const) worst = Math.max(worst, metres(p, toWgs84(fromWgs84(p, crs), crs)));
    }
    expect(worst).toBeLessThan(1);
  });

  it('leaves WGS-84 unchanged', () => {
    expect(toWgs84({ lon: 123.43, lat: 41.8 }, 'wgs84')).toEqual({ lon: 123.43, lat: 41.8 });
    expect(fromWgs84({ lon: 123.43, lat: 41.8 }, 'wgs84')).toEqual({ lon: 123.43, lat: 41.8 });
  });
});

describe('navigation links', () => {
  it('gives a WGS-84 geo: URI and an AMap link in GCJ-02', () => {
    const destination = { lon: 123.456789, lat: 41.801234 };
    const links = navigationLinks(destination, '评理说事点');
    expect(links.geo).toBe(`geo:41.801234,123.456789?q=41.801234,123.456789(${encodeURIComponent('评理说事点')})`);
    const gcj = gcjReference(destination);
    const match = /position=([\d.]+),([\d.]+)/.exec(links.amap)!;
    expect(metres({ lon: Number(match[1]), lat: Number(match[2]) }, gcj)).toBeLessThan(0.2);
    expect(links.amap).toContain('coordinate=gaode');
  });
});
