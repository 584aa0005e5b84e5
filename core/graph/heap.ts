/**
 * A binary min-heap of (key, node) pairs in two parallel typed arrays. Dijkstra pushes a node again
 * when it finds a shorter way (lazy deletion) instead of decreasing its key, so no position index is kept.
 */
export class MinHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.nodes = new Int32Array(Math.max(16, capacity));
  }

  /**
   * Adds a node with its key.
   *
   * @example
   * const heap = new MinHeap(); heap.push(3, 7); heap.push(1, 9); heap.pop(); // → 9 (key 1)
   */
  push(key: number, node: number): void {
    if (this.size === this.keys.length) this.grow();
    let i = this.size++;
    // sift up: move parents down until the new key fits
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.keys[i] = this.keys[parent]!;
      this.nodes[i] = this.nodes[parent]!;
      i = parent;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }

  /** The smallest key (only valid while size > 0). */
  peekKey(): number {
    return this.keys[0]!;
  }

  /**
   * Removes and returns the node with the smallest key (-1 when empty).
   *
   * @example
   * new MinHeap().pop(); // → -1
   */
  pop(): number {
    if (this.size === 0) return -1;
    const top = this.nodes[0]!;
    const last = --this.size;
    const key = this.keys[last]!;
    const node = this.nodes[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= key) break;
      this.keys[i] = this.keys[child]!;
      this.nodes[i] = this.nodes[child]!;
      i = child;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
    return top;
  }

  private grow() {
    const keys = new Float64Array(this.keys.length * 2);
    const nodes = new Int32Array(this.nodes.length * 2);
    keys.set(this.keys);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}
