import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { epsgDefinition, toLonLat } from '../../geodata/importers/readers/crs.ts';
import { detectEncoding, encodingLabel } from '../../geodata/importers/readers/encoding.ts';
import { columnForField, normalizeValue } from '../../geodata/importers/readers/options.ts';
import { decodeGpkgGeometry, encodeGpkgGeometry } from '../../geodata/importers/readers/gpkg-binary.ts';

// Golden values from PROJ 9 (cs2cs EPSG:4326 EPSG:<code>), an independent implementation.
const golden: [number, [number, number], [number, number]][] = [
  [4499, [123.4, 41.8], [21533243.906, 4629499.958]], // CGCS2000 6° GK zone 21 (Shenyang)
  [4526, [114.3, 30.6], [38528770.237, 3386666.251]], // 3° GK zone 38
  [4529, [123.4, 41.8], [41533243.906, 4629499.958]], // 3° GK zone 41
  [4547, [114.3, 30.6], [528770.237, 3386666.251]], // 3° GK CM 114E, no zone prefix
  [4491, [75.2, 40.1], [13517053.838, 4440651.762]], // 6° GK zone 13, the first
  [4554, [135.2, 45.5], [515631.612, 5040532.169]], // 3° GK CM 135E, the last
  [32651, [123.4, 41.8], [533230.608, 4627648.158]], // WGS-84 UTM 51N
  [3857, [123.4, 41.8], [13736825.164, 5131067.336]],
];

describe('import CRS', () => {
  it.each(golden)('EPSG:%i → lon/lat within 1 cm of PROJ', (code, lonLat, xy) => {
    expect(epsgDefinition(code)).toBeDefined();
    const [lon, lat] = toLonLat(`EPSG:${code}`)!(xy);
    expect(Math.abs(lon - lonLat[0]) * 111_000 * Math.cos((lat * Math.PI) / 180)).toBeLessThan(0.01);
    expect(Math.abs(lat - lonLat[1]) * 111_000).toBeLessThan(0.01);
  });

  it('reads an ESRI .prj and an OGC WKT with northing-first axes the same way', () => {
    const esri =
      'PROJCS["CGCS2000_GK_Zone_21",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",21500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",123.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const ogc =
      'PROJCS["CGCS2000 / Gauss-Kruger zone 21",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",123],PARAMETER["scale_factor",1],PARAMETER["false_easting",21500000],PARAMETER["false_northing",0],UNIT["metre",1],AXIS["Northing",NORTH],AXIS["Easting",EAST],AUTHORITY["EPSG","4499"]]';
    for (const wkt of [esri, ogc]) {
      const [lon, lat] = toLonLat(wkt)!([21533243.906, 4629499.958]);
      expect(lon).toBeCloseTo(123.4, 7);
      expect(lat).toBeCloseTo(41.8, 7);
    }
    expect(
      toLonLat(
        'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]',
      ),
    ).toBeNull();
    expect(toLonLat('EPSG:4490')).toBeNull();
    expect(() => toLonLat('EPSG:2437')).toThrow(/EPSG:2437 is not built in/);
  });
});

describe('import encodings and fields', () => {
  it('tells GBK from UTF-8 and reads .cpg labels', () => {
    expect(detectEncoding(iconv.encode('名称,沈阳市和平区', 'gbk'))).toBe('gbk');
    expect(detectEncoding(Buffer.from('名称,沈阳市和平区'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('\ufeffcode'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('沈阳').subarray(0, 4))).toBe('utf-8'); // a character cut at the end
    expect(['936', 'CP936', 'GBK', 'ANSI 936', 'gb2312'].map(encodingLabel)).toEqual(['gbk', 'gbk', 'gbk', 'gbk', 'gbk']);
    expect(['UTF-8', 'utf8', '65001'].map(encodingLabel)).toEqual(['utf-8', 'utf-8', 'utf-8']);
    expect(encodingLabel('klingon')).toBeUndefined();
  });

  it('maps DBF field names cut to 10 characters back to columns and normalizes DBF values', () => {
    const columns = [
      { name: 'parent_code', kind: 'text' as const },
      { name: 'community_code', kind: 'text' as const },
      { name: 'code', kind: 'text' as const },
    ];
    expect(columnForField('parent_cod', columns)).toBe('parent_code');
    expect(columnForField('COMMUNITY_', columns)).toBe('community_code');
    expect(columnForField('CODE', columns)).toBe('code');
    expect(columnForField('colour', columns)).toBe('colour');
    expect(normalizeValue(1, 'boolean')).toBe(true);
    expect(normalizeValue('F', 'boolean')).toBe(false);
    expect(normalizeValue(new Date(2024, 2, 1), 'date')).toBe('2024-03-01');
    expect(normalizeValue('2024/03/01 08:00:00', 'timestamp')).toBe('2024-03-01 08:00:00');
  });

  it('round-trips GeoPackage geometry blobs', () => {
    const polygon = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [123, 41],
            [124, 41],
            [124, 42],
            [123, 41],
          ],
        ],
      ],
    };
    const blob = encodeGpkgGeometry(polygon, 4326);
    expect(Buffer.from(blob.subarray(0, 2)).toString()).toBe('GP');
    expect(new DataView(blob.buffer, blob.byteOffset).getFloat64(8 + 8, true)).toBe(124); // envelope maxx
    expect(decodeGpkgGeometry(blob)).toEqual(polygon);
    expect(decodeGpkgGeometry(encodeGpkgGeometry({ type: 'Point', coordinates: [123.4, 41.8] }, 4326))).toEqual({ type: 'Point', coordinates: [123.4, 41.8] });
  });
});
