/**
 * A binary max-heap of candidate indices keyed by a number, ties broken by the smaller index so that
 * every run picks the same candidates. Dependency-free; used by the lazy greedy.
 */
export class MaxHeap {
  private readonly items: number[] = [];

  constructor(private readonly key: (item: number) => number) {}

  get size(): number {
    return this.items.length;
  }

  /** true when `a` should come out before `b` */
  private before(a: number, b: number): boolean {
    const ka = this.key(a);
    const kb = this.key(b);
    return ka > kb || (ka === kb && a < b);
  }

  push(item: number): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  peek(): number | undefined {
    return this.items[0];
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < items.length && this.before(items[left]!, items[best]!)) best = left;
        if (right < items.length && this.before(items[right]!, items[best]!)) best = right;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top;
  }
}
