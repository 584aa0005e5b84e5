/**
 * The pure parts of issue #13 items 10, 11 and 14: finding bytes the declared encoding cannot read (and
 * what GBK makes of them), quoting names and reasons safely, naming a coordinate system, code
 * consistency of a row, and the --tolerance flag.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { badBytesReason, checkedUtf8Stream, decodeUtf8Checked, isValidText, originalBytes } from '../../geodata/importers/readers/text-check.ts';
import { formatImportError, safeName } from '../../geodata/importers/errors.ts';
import { crsName } from '../../geodata/importers/readers/index.ts';
import { codeMismatch, placementAreas } from '../../geodata/importers/placement.ts';
import { entitySpecs } from '../../geodata/importers/entities.ts';
import { parseCommand, UsageError } from '../../geodata/cli.ts';

const gbk = (text: string) => iconv.encode(text, 'gbk');

describe('bytes the declared encoding cannot read', () => {
  it("marks invalid UTF-8 in a stream, across chunk boundaries, and recovers each value's bytes", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pingan-text-'));
    try {
      const file = path.join(dir, 'x.csv');
      // 70 KB of valid multi-byte text first, so chunks (64 KB) split inside characters
      const filler = '沈阳'.repeat(12_000);
      writeFileSync(file, Buffer.concat([Buffer.from(`a,b\n1,${filler}\n2,`), gbk('和平区'), Buffer.from(',é\n')]));
      const { stream, guard } = checkedUtf8Stream(file, 'utf-8');
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const lines = Buffer.concat(chunks).toString('utf8').split('\n');
      expect(lines[1]).toBe(`1,${filler}`);
      const value = lines[2]!.split(',')[1]!;
      expect(value.includes(guard.marker)).toBe(true);
      expect(originalBytes(value, guard)).toEqual(gbk('和平区'));
      expect(lines[2]!.split(',')[2]).toBe('é');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what GBK reads in UTF-8-declared bytes, and the reverse, or that neither reads them', () => {
    expect(badBytesReason(gbk('沈阳'), 'utf-8', '--encoding utf-8')).toBe(
      'bytes C9 F2 D1 F4 are not valid UTF-8 (--encoding utf-8); read as GBK they are "沈阳": the file is GBK — import it with --encoding gbk',
    );
    expect(badBytesReason(Buffer.from([0x81, 0x7f]), 'gbk', 'the .cpg says "936"')).toMatch(
      /^bytes 81 7F are not valid GBK .*neither GBK nor UTF-8 reads them/,
    );
    expect(badBytesReason(gbk('浑南'), 'utf-8', 'GeoJSON is UTF-8', { utf8Only: true })).toMatch(/convert it to UTF-8 \(e\.g\. iconv -f GBK -t UTF-8\)$/);
  });

  it('checks DBF text strictly, tolerating a character cut at the field end', () => {
    expect(isValidText(Buffer.from('沈阳'), 'utf-8')).toBe(true);
    expect(isValidText(gbk('沈阳'), 'utf-8')).toBe(false);
    expect(isValidText(Buffer.from('沈阳').subarray(0, 5), 'utf-8', true)).toBe(true);
    expect(isValidText(Buffer.concat([Buffer.from('沈阳').subarray(0, 5), Buffer.from('   ')]), 'utf-8', true)).toBe(true);
    expect(isValidText(gbk('沈阳'), 'gbk')).toBe(true);
  });

  it('decodes a whole UTF-8 file, marking only the bad sequences', () => {
    const { text, guard } = decodeUtf8Checked(Buffer.concat([Buffer.from('{"a":"好'), Buffer.from([0xff]), Buffer.from('"}')]));
    expect(guard.count).toBe(1);
    expect(originalBytes(JSON.parse(text).a, guard)).toEqual(Buffer.from([0xe5, 0xa5, 0xbd, 0xff]));
  });
});

describe('what messages echo', () => {
  it('quotes names with unprintable characters escaped and long ones cut', () => {
    expect(safeName('lat')).toBe('"lat"');
    expect(safeName('a\u0000b\ufffd')).toBe('"a\\u0000b\\ufffd"');
    expect(safeName('x'.repeat(5000))).toBe(`"${'x'.repeat(40)}…" (5000 characters)`);
    const message = formatImportError({ file: 'f.csv', line: 1, field: '\u0007'.repeat(3000), reason: `bad ${'\u0001'.repeat(3000)}` });
    expect(message.length).toBeLessThan(800);
    expect([...message].filter((ch) => ch < ' ')).toEqual([]);
  });

  it('names a coordinate system by its EPSG code or the WKT name', () => {
    expect(crsName('EPSG:4529')).toBe('EPSG:4529');
    expect(crsName('PROJCS["CGCS2000_3_Degree_GK_Zone_41",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"]]')).toBe('"CGCS2000_3_Degree_GK_Zone_41"');
  });
});

describe('codes that must agree', () => {
  const spec = entitySpecs.incidents;
  const row = (codes: Record<string, string | null>) => ({ position: { line: 2 }, geometry: null, values: spec.columns.map((c) => codes[c.name] ?? null) });

  it('a grid of another community, a community of another street; gaps are skipped', () => {
    const areas = placementAreas.incidents!;
    expect(
      codeMismatch(spec, areas, row({ grid_code: '21010300100101', community_code: '210103001001', street_code: '210103001', district_code: '210103' })),
    ).toBeNull();
    expect(codeMismatch(spec, areas, row({ grid_code: '21010300100101', community_code: '210103002001' }))).toEqual({
      field: 'grid_code',
      reason: 'grid_code "21010300100101" does not belong to community_code "210103002001" (a grid code starts with the code of its community)',
    });
    expect(codeMismatch(spec, areas, row({ grid_code: '21010300100101', district_code: '210104' }))?.field).toBe('grid_code');
    expect(codeMismatch(spec, areas, row({ community_code: '210103001001', street_code: '210112001' }))?.reason).toMatch(
      /community code starts with the code of its street/,
    );
  });

  it('--tolerance is metres ≥ 0', () => {
    expect(parseCommand(['import', 'grid_cells', 'g.geojson', '--tolerance', '50'])).toMatchObject({ toleranceM: 50 });
    expect(parseCommand(['import', 'grid_cells', 'g.geojson'])).not.toHaveProperty('toleranceM');
    expect(() => parseCommand(['import', 'grid_cells', 'g.geojson', '--tolerance', '-5'])).toThrow(UsageError);
    expect(() => parseCommand(['import', 'grid_cells', 'g.geojson', '--tolerance', '2km'])).toThrow(/--tolerance must be a distance in metres/);
  });
});
