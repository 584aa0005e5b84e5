/**
 * Runs PGlite + PostGIS in a worker thread and serves it over the PostgreSQL wire protocol on a Unix
 * socket, so the HTTP thread never blocks on a query (stack-notes.md: in-thread, a 3 s query froze every
 * reply) and the rest of the app talks to it with `pg`, exactly as to a PostGIS server.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { fixExtendedProtocol } from './wire-fix.ts';

interface EmbeddedWorkerData {
  dataDir: string;
  socketPath: string;
  maxConnections: number;
}

const { dataDir, socketPath, maxConnections } = workerData as EmbeddedWorkerData;

const db = await PGlite.create(dataDir, { extensions: { postgis, pg_trgm } });
await db.exec('CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pg_trgm;');
const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
fixExtendedProtocol(server, db);
await server.start();
parentPort!.postMessage({ type: 'ready' });

parentPort!.on('message', async (message: { type: string }) => {
  if (message.type !== 'stop') return;
  await server.stop();
  await db.close();
  parentPort!.postMessage({ type: 'stopped' });
});
