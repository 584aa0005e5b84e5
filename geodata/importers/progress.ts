import type { ImportEntity } from './entities.ts';

export interface ProgressReporter {
  onProgress: (entity: ImportEntity, done: number, total: number) => void;
  /** ends the current bar/line (call once the load is over, also on failure) */
  finish(): void;
}

const barWidth = 28;
const number = (n: number) => n.toLocaleString('en');

/**
 * Terminal progress for importers: a redrawn bar per entity on a TTY, plain lines otherwise (CI logs, pipes):
 * one per finished entity plus one every few seconds during a long file.
 *
 * @example
 * const progress = progressReporter(process.stderr);
 * await importFiles(database, items, { onProgress: progress.onProgress });
 * progress.finish();
 */
export function progressReporter(stream: NodeJS.WriteStream, now: () => number = () => performance.now()): ProgressReporter {
  const tty = Boolean(stream.isTTY);
  let current: { entity: ImportEntity; started: number; lastDraw: number; done: number; total: number; calls: number } | null = null;

  const line = (done: number, total: number, elapsed: number) => {
    const name = current!.entity.padEnd(24);
    const count = `${number(done)}/${number(total)}`;
    const seconds = `${(elapsed / 1000).toFixed(1)} s`;
    if (!tty) return `${name} ${count} rows, ${seconds}`;
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * barWidth);
    return `${name} [${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${count}  ${seconds}`;
  };

  const end = () => {
    if (!current) return;
    const elapsed = now() - current.started;
    const text = line(current.done, current.done, elapsed);
    stream.write(tty ? `\r${text}\x1b[K\n` : `${text}\n`);
    current = null;
  };

  return {
    onProgress(entity, done, total) {
      const t = now();
      if (current && current.entity !== entity) end();
      if (!current) current = { entity, started: t, lastDraw: -Infinity, done, total, calls: 0 };
      current.calls++;
      current.done = done;
      current.total = total;
      // the importer reports (0, total) first and (rows, rows) last, also for an empty file
      if (done >= total && (done > 0 || current.calls > 1)) return void end();
      // Redraw at most 10×/s on a terminal; in a log, one line per 5 s.
      if (t - current.lastDraw < (tty ? 100 : 5000)) return;
      if (!tty && current.lastDraw === -Infinity) {
        current.lastDraw = t;
        return;
      }
      current.lastDraw = t;
      stream.write(tty ? `\r${line(done, total, t - current.started)}\x1b[K` : `${line(done, total, t - current.started)}\n`);
    },
    finish() {
      if (current && current.done >= current.total) end();
      else if (current && tty) stream.write('\n'); // a failed load keeps its partial bar
      current = null;
    },
  };
}
