/**
 * CSV for spreadsheets used in Chinese offices: UTF-8 with a byte-order mark (so Excel reads 中文
 * correctly), CRLF line ends, RFC 4180 quoting. Cells that a spreadsheet would run as a formula
 * (= + - @ at the start) get a leading apostrophe.
 */

export type Cell = string | number | boolean | null | undefined;

const quote = (cell: Cell): string => {
  if (cell === null || cell === undefined) return '';
  let text = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : String(cell);
  // OWASP CSV injection, plus the full-width ＝＋－＠ that spreadsheets in a Chinese locale also run
  if (typeof cell === 'string' && /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * @example
 * toCsv(['代码', '名称'], [['210103', '沈河区']])  // → '\uFEFF代码,名称\r\n210103,沈河区\r\n'
 */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return '\uFEFF' + [header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}
