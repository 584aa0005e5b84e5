/**
 * A separate process holding an embedded database, for the lock tests: starts the server on the folder
 * given as the first argument, prints `{"pid","socketDir"}` on one line, and stops when stdin closes.
 *
 *   node --import tsx tests/support/embedded-holder.ts <dataDir>
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmbeddedServer } from '../../db/embedded/start.ts';

const self = fileURLToPath(import.meta.url);
/** Every holder started, ready or not, so a test's clean-up can kill one that never got ready. */
export const spawnedHolders = new Set<ChildProcess>();

/**
 * Starts a holder process on `dataDir` and resolves once its server is ready.
 *
 * @example
 * const holder = await startHolder('/tmp/x/pglite'); holder.child.kill('SIGKILL');
 */
export function startHolder(dataDir: string): Promise<{ child: ChildProcess; pid: number; socketDir: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', self, dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
  spawnedHolders.add(child);
  child.once('exit', () => spawnedHolders.delete(child));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk) => (err += chunk));
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, ...(JSON.parse(line) as { pid: number; socketDir: string }) });
    });
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}: ${err}`)));
  });
}

if (process.argv[1] === self) {
  const server = await startEmbeddedServer({ dataDir: process.argv[2]! });
  process.stdout.write(`${JSON.stringify({ pid: process.pid, socketDir: server.socketDir })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void server.stop().then(() => process.exit(0)));
}
