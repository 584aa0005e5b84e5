import { describe, expect, it } from 'vitest';
import { LiveSequencer } from '../../db/live/order.ts';

const rows = (...ids: number[]) => ids.map((id) => ({ id }));

describe('LiveSequencer', () => {
  it('delivers contiguous ids at once', () => {
    const s = new LiveSequencer(4);
    expect(s.accept(rows(5, 6, 7), 0)).toEqual({ deliver: 3, retryInMs: null });
    expect(s.cursor).toBe(7);
  });

  it('holds events behind a gap until the missing one commits', () => {
    const s = new LiveSequencer(10);
    expect(s.accept(rows(12, 13), 0)).toEqual({ deliver: 0, retryInMs: 1000 });
    expect(s.cursor).toBe(10);
    expect(s.accept(rows(12, 13), 300)).toEqual({ deliver: 0, retryInMs: 700 });
    expect(s.accept(rows(11, 12, 13), 400)).toEqual({ deliver: 3, retryInMs: null });
    expect(s.cursor).toBe(13);
  });

  it('skips a gap that stays open for the wait (a rolled-back insert)', () => {
    const s = new LiveSequencer(10, 500);
    expect(s.accept(rows(11, 13, 14), 0)).toEqual({ deliver: 1, retryInMs: 500 });
    expect(s.accept(rows(13, 14), 499)).toEqual({ deliver: 0, retryInMs: 1 });
    expect(s.accept(rows(13, 14), 500)).toEqual({ deliver: 2, retryInMs: null });
    expect(s.cursor).toBe(14);
    // a later gap gets its own full wait
    expect(s.accept(rows(16), 600)).toEqual({ deliver: 0, retryInMs: 500 });
  });

  it('starts an empty table at 0 and refuses rows it already passed', () => {
    const s = new LiveSequencer(0);
    expect(s.accept(rows(1), 0).deliver).toBe(1);
    expect(() => s.accept(rows(1), 0)).toThrow(/not after cursor/);
    expect(s.accept([], 0)).toEqual({ deliver: 0, retryInMs: null });
  });
});
