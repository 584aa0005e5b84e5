import { Worker } from 'node:worker_threads';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { lockDataDir } from './lock.ts';
import { createSocketDir, removeStaleSocketDirs, socketFile } from './socket-dir.ts';

export { DataDirLockedError } from './lock.ts';

export interface EmbeddedServer {
  /** directory holding the `.s.PGSQL.5432` socket; pass as `host` to `pg` */
  socketDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded PGlite + PostGIS database persisted in `dataDir` and returns where to connect.
 * Throws DataDirLockedError (naming the holder's pid) when another live process has the folder open
 * (lock.ts); socket folders of servers that were killed are removed first (socket-dir.ts).
 *
 * @example
 * const server = await startEmbeddedServer({ dataDir: '.data/pglite' });
 * const pool = new pg.Pool({ host: server.socketDir, database: 'postgres', user: 'postgres' });
 */
export async function startEmbeddedServer(options: { dataDir: string; maxConnections?: number }): Promise<EmbeddedServer> {
  mkdirSync(options.dataDir, { recursive: true });
  await removeStaleSocketDirs();
  // Unix socket paths are limited to ~100 bytes, so the socket lives in a short temp folder.
  const socketDir = createSocketDir();
  let lock: ReturnType<typeof lockDataDir>;
  try {
    lock = lockDataDir(options.dataDir, { socketDir });
  } catch (error) {
    rmSync(socketDir, { recursive: true, force: true });
    throw error;
  }
  const worker = new Worker(new URL('./bootstrap.mjs', import.meta.url), {
    workerData: {
      dataDir: path.resolve(options.dataDir),
      socketPath: path.join(socketDir, socketFile),
      maxConnections: options.maxConnections ?? 32,
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`embedded database exited with code ${code}`)));
      worker.once('message', (message: { type: string }) => {
        if (message.type === 'ready') resolve();
      });
    });
  } catch (error) {
    await worker.terminate();
    rmSync(socketDir, { recursive: true, force: true });
    lock.release();
    throw error;
  }
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
      lock.release();
    },
  };
}
