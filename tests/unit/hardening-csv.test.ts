/** #13 item 6: CSV injection guard on every leading formula character (OWASP), in both CSV writers. */
import { describe, expect, it } from 'vitest';
import { csvField } from '../../server/routes/exports/exports-formats.ts';
import { toCsv } from '../../core/formats/csv.ts';

const guarded: [string, string][] = [
  ['=1+1', "'=1+1"],
  ['+1+1', "'+1+1"],
  ['-1+1', "'-1+1"],
  ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
  ['-.5', "'-.5"],
  ['@SUM(A1)', "'@SUM(A1)"],
  ['\t=1', "'\t=1"],
  ['\r=1', '"\'\r=1"'],
  ['＝1+1', "'＝1+1"],
  ['＋1', "'＋1"],
  ['－1', "'－1"],
  ['＠SUM(A1)', "'＠SUM(A1)"],
  ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
];
const untouched: [unknown, string][] = [
  ['沈河区', '沈河区'],
  ['a=b', 'a=b'],
  [' =1', ' =1'],
  [-1.5, '-1.5'],
  [0, '0'],
];

describe('CSV formula guard', () => {
  it.each(guarded)('exports: %j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
  it.each(untouched)('exports leaves %j as %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
  it.each(guarded)('planning CSV: %j is prefixed too', (input, expected) => {
    expect(toCsv(['v'], [[input]])).toBe(`\uFEFFv\r\n${expected}\r\n`);
  });
});
