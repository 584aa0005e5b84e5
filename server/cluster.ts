import cluster, { type Worker } from 'node:cluster';
import { logger } from '../core/log.ts';

/**
 * Forks `count` server processes sharing one listening port (node:cluster hands connections out round
 * robin) and keeps them running: a worker that dies is forked again after a pause that grows while
 * workers keep dying (1 s, 2 s, … 30 s), and resets once one stayed up a minute. SIGTERM/SIGINT stop the
 * workers (each closes its server and pools), then `onStop` runs and this process exits.
 *
 * @example
 * if (cluster.isPrimary) runCluster(4, () => database.close()); else await serveHttp(...);
 */
export function runCluster(count: number, onStop: () => Promise<void> = async () => {}): void {
  let stopping = false;
  let failures = 0;
  const startedAt = new Map<Worker, number>();
  const fork = () => startedAt.set(cluster.fork(), Date.now());
  cluster.on('exit', (worker, code, signal) => {
    const upMs = Date.now() - (startedAt.get(worker) ?? Date.now());
    startedAt.delete(worker);
    if (stopping) {
      if (!Object.keys(cluster.workers ?? {}).length) void onStop().finally(() => process.exit(0));
      return;
    }
    failures = upMs > 60_000 ? 1 : failures + 1;
    const delay = Math.min(30_000, 1000 * 2 ** (failures - 1));
    logger.warn('server process exited; starting another', { pid: worker.process.pid, code, signal, restartInMs: delay });
    setTimeout(fork, delay);
  });
  // a worker serves only once it listens; until then the others carry its share (operators, and the
  // scale-out test, wait for every worker to say so)
  cluster.on('listening', (worker) => logger.info('server process listening', { pid: worker.process.pid }));
  for (let i = 0; i < count; i++) fork();
  logger.info('cluster started', { processes: count, pid: process.pid });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
      if (!Object.keys(cluster.workers ?? {}).length) void onStop().finally(() => process.exit(0));
      // a worker stuck on a hung database must not keep the service from stopping
      setTimeout(() => process.exit(1), 15_000).unref();
    });
  }
}
