/**
 * The byte range a `Range` header asks of a file of `size` bytes: `bytes=a-b`, `bytes=a-` or
 * `bytes=-n` (the last n bytes), clipped to the file; null when unsatisfiable or malformed.
 *
 * @example
 * parseRange('bytes=0-99', 1000) // [0, 99]
 * parseRange('bytes=-10', 1000)  // [990, 999]
 */
export function parseRange(header: string, size: number): [number, number] | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [start, end] =
    match[1] === '' ? [Math.max(0, size - Number(match[2])), size - 1] : [Number(match[1]), match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)];
  return start <= end && start < size ? [start, end] : null;
}
