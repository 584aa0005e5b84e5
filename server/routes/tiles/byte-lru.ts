/**
 * A byte-bounded least-recently-used cache. A `Map` keeps insertion order, so re-inserting on
 * every hit makes its first key the least recently used one.
 *
 * @example
 * const cache = new ByteLru<Buffer>(64 * 1024 * 1024, (value) => value.length);
 * cache.set('districts/3/8/215/95', bytes);
 */
export class ByteLru<V> {
  private readonly entries = new Map<string, V>();
  private used = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    const size = this.sizeOf(value);
    if (size > this.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.used -= this.sizeOf(previous);
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.used += size;
    for (const [oldest, old] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.used -= this.sizeOf(old);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.used;
  }
}
