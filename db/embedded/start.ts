import { Worker } from 'node:worker_threads';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface EmbeddedServer {
  /** directory holding the `.s.PGSQL.5432` socket; pass as `host` to `pg` */
  socketDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded PGlite + PostGIS database persisted in `dataDir` and returns where to connect.
 *
 * @example
 * const server = await startEmbeddedServer({ dataDir: '.data/pglite' });
 * const pool = new pg.Pool({ host: server.socketDir, database: 'postgres', user: 'postgres' });
 */
export async function startEmbeddedServer(options: { dataDir: string; maxConnections?: number }): Promise<EmbeddedServer> {
  mkdirSync(options.dataDir, { recursive: true });
  // Unix socket paths are limited to ~100 bytes, so the socket lives in a short temp folder.
  const socketDir = mkdtempSync(path.join(tmpdir(), 'pingan-'));
  const worker = new Worker(new URL('./bootstrap.mjs', import.meta.url), {
    workerData: {
      dataDir: path.resolve(options.dataDir),
      socketPath: path.join(socketDir, '.s.PGSQL.5432'),
      maxConnections: options.maxConnections ?? 32,
    },
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`embedded database exited with code ${code}`)));
    worker.once('message', (message: { type: string }) => {
      if (message.type === 'ready') resolve();
    });
  });
  worker.removeAllListeners('exit');
  worker.unref();
  return {
    socketDir,
    async stop() {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000);
        worker.once('message', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage({ type: 'stop' });
      });
      await worker.terminate();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
