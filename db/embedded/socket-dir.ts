/**
 * Folders for the embedded server's Unix socket. Socket paths are limited to ~100 bytes, so the socket
 * cannot live under an arbitrary DATA_DIR; it gets a short folder in the temp dir instead, named with the
 * owner's pid (`pingan-sock-<pid>-XXXXXX`). A kill -9 skips the clean-up in `stop()`, so every start first
 * removes the folders of dead owners, and of the unnamed `pingan-XXXXXX` folders earlier versions left.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isAlive } from './lock.ts';

export const socketFile = '.s.PGSQL.5432';
const owned = /^pingan-sock-(\d+)-[A-Za-z0-9]{6}$/;
const legacy = /^pingan-[A-Za-z0-9]{6}$/;
// An unnamed folder of an old version is only judged once its server has surely started (or failed) long ago.
const legacyAgeMs = 10 * 60_000;

/**
 * A new, empty socket folder of this process.
 *
 * @example
 * const dir = createSocketDir(); // '/tmp/pingan-sock-4711-Ab3dE9'
 */
export function createSocketDir(): string {
  return mkdtempSync(path.join(tmpdir(), `pingan-sock-${process.pid}-`));
}

/** Whether anything accepts connections on the Unix socket `file` (a dead server leaves a refusing file). */
function listening(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(file);
    const done = (alive: boolean) => {
      socket.destroy();
      resolve(alive);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(true)); // slow to answer is still alive
  });
}

/**
 * Removes socket folders left by embedded servers that died without stopping (kill -9, power loss):
 * folders of pids that no longer run, and old unnamed ones nobody listens on. Returns the removed paths.
 * Folders of other users are skipped (no permission), never an error.
 *
 * @example
 * await removeStaleSocketDirs(); // ['/tmp/pingan-sock-4711-Ab3dE9']
 */
export async function removeStaleSocketDirs(root = tmpdir()): Promise<string[]> {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const dir = path.join(root, name);
    const pid = owned.exec(name)?.[1];
    let stale = false;
    if (pid !== undefined) stale = Number(pid) !== process.pid && !isAlive({ pid: Number(pid) });
    else if (legacy.test(name)) stale = await legacyStale(dir);
    if (!stale) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // another user's folder, or removed by someone else meanwhile
    }
  }
  return removed;
}

async function legacyStale(dir: string): Promise<boolean> {
  try {
    if (Date.now() - statSync(dir).mtimeMs < legacyAgeMs) return false;
    const entries = readdirSync(dir);
    if (entries.some((entry) => entry !== socketFile && entry !== `${socketFile}.lock`)) return false; // not ours
    return !entries.includes(socketFile) || !(await listening(path.join(dir, socketFile)));
  } catch {
    return false;
  }
}
