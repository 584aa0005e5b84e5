/**
 * Delivers live events in id order although transactions commit out of order (pure, no I/O).
 *
 * bigserial ids are taken at INSERT time, so id 11 may commit before id 10. A reader that jumped to 11
 * would never see 10 and a client resuming from Last-Event-ID 11 would lose it. The sequencer therefore
 * holds everything behind a gap for up to `gapWaitMs`; a gap that stays open that long is a rolled-back
 * transaction (sequences are not transactional) and is skipped.
 */
export class LiveSequencer {
  private gapSince: number | null = null;

  constructor(
    /** the highest id delivered so far */
    public cursor: number,
    private readonly gapWaitMs = 1000,
  ) {}

  /**
   * Takes rows with id > cursor in ascending order; returns how many of them to deliver now (a prefix)
   * and, when it stopped at a gap, how long to wait before looking again.
   *
   * @example
   * const s = new LiveSequencer(10);
   * s.accept([{ id: 11 }, { id: 13 }], 0) // { deliver: 1, retryInMs: 1000 }, cursor 11
   * s.accept([{ id: 13 }], 1000)          // { deliver: 1, retryInMs: null }, cursor 13 (12 skipped)
   */
  accept(rows: readonly { id: number }[], now: number): { deliver: number; retryInMs: number | null } {
    let deliver = 0;
    for (const row of rows) {
      if (row.id <= this.cursor) throw new Error(`live event ${row.id} is not after cursor ${this.cursor}`);
      if (row.id !== this.cursor + 1) {
        this.gapSince ??= now;
        const waited = now - this.gapSince;
        if (waited < this.gapWaitMs) return { deliver, retryInMs: this.gapWaitMs - waited };
      }
      this.gapSince = null;
      this.cursor = row.id;
      deliver++;
    }
    return { deliver, retryInMs: null };
  }
}
