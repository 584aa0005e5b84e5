/**
 * One process per embedded data directory. PGlite keeps its own postmaster.pid but never checks it, so two
 * processes on one folder both write pages and corrupt it. The lock is a file `pingan.lock` in the folder,
 * created with O_EXCL and holding the owner's pid (plus its kernel start time on Linux).
 *
 * Why a pid file and not flock: Node has no flock without a native addon, and a child `flock` process
 * outlives a kill -9 of its parent. A pid file can outlive its process too, so a lock only counts while its
 * pid is alive (`process.kill(pid, 0)`); a lock of a dead pid — or of a pid since reused by another
 * program, told apart by the start time — is stale and taken over. Two processes taking over the same
 * stale lock at once are serialized by a second O_EXCL file (`pingan.lock.takeover`).
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export const lockFileName = 'pingan.lock';

/** What a lock file says about its holder. */
export interface LockHolder {
  pid: number;
  /** kernel start time of the process (Linux /proc/<pid>/stat field 22), to detect a reused pid */
  processStart?: string;
  hostname: string;
  startedAt: string;
  command: string;
  /** where the holder's embedded server listens (a folder for `pg`'s `host`) */
  socketDir?: string;
}

/**
 * A second process (or a second open in this one) asked for a data directory that is in use.
 *
 * @example
 * catch (error) { if (error instanceof DataDirLockedError) console.error(error.message, error.holder.pid); }
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
    readonly lockFile: string,
  ) {
    const who = `process ${holder.pid}${holder.hostname !== hostname() ? ` on host ${holder.hostname}` : ''} (${holder.command || 'node'}, since ${holder.startedAt})`;
    super(
      `the embedded database in ${dataDir} is in use by ${who}. It serves one process at a time: stop that ` +
        `process first (Ctrl+C in its terminal, or kill ${holder.pid}), then run this again; or give this ` +
        `process another DATA_DIR, or use a PostGIS server (DATABASE_URL), which any number of processes can share. ` +
        `If no such process runs, delete ${lockFile}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * Kernel start time of a process on Linux, undefined elsewhere or when it is gone.
 *
 * @example
 * processStartTime(process.pid) // '4711023' (clock ticks since boot)
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may contain spaces and parentheses: count fields after the last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * Whether a process holding a lock or a socket folder is still running: signal 0 tests existence, EPERM
 * means it exists under another user. A recorded start time that differs means the pid was reused.
 *
 * @example
 * isAlive({ pid: process.pid }) // true
 */
export function isAlive(holder: Pick<LockHolder, 'pid' | 'processStart'>): boolean {
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = holder.processStart === undefined ? undefined : processStartTime(holder.pid);
  return now === undefined || now === holder.processStart;
}

const heldHere = new Set<string>();
let exitHook = false;

function readHolder(file: string): LockHolder | null | 'missing' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : null;
  } catch {
    return null; // being written right now, or garbage
  }
}

function createExclusive(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const unlinkQuietly = (file: string) => {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
};

/**
 * Takes the lock of `dataDir` (the folder must exist) or throws DataDirLockedError naming the holder.
 * `release` removes the file if it is still ours; the lock is also released when the process exits
 * normally, and ignored once the process is dead (kill -9).
 *
 * @example
 * const lock = lockDataDir('.data/pglite', { socketDir: '/tmp/pingan-sock-4711-x1Y2z3' });
 * try { … } finally { lock.release(); }
 */
export function lockDataDir(dataDir: string, details: { socketDir?: string } = {}): { file: string; release(): void } {
  const file = path.join(path.resolve(dataDir), lockFileName);
  const mine: LockHolder = {
    pid: process.pid,
    processStart: processStartTime(process.pid),
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv
      .slice(1)
      .map((a) => path.basename(a))
      .join(' ')
      .slice(0, 120),
    ...details,
  };
  const content = JSON.stringify(mine);
  for (let attempt = 0; ; attempt++) {
    if (createExclusive(file, content)) break;
    const holder = readHolder(file);
    if (holder === 'missing') continue;
    if (holder === null) {
      // A holder writes its file right after creating it: give an unreadable file a moment before calling it stale.
      if (Date.now() - statMs(file) < 2000 && attempt < 40) {
        sleep(50);
        continue;
      }
    } else if (holder.hostname !== mine.hostname || heldHere.has(file) || (holder.pid !== process.pid && isAlive(holder))) {
      throw new DataDirLockedError(path.resolve(dataDir), holder, file);
    }
    takeOver(file, readFileSafe(file));
    if (attempt > 50) throw new Error(`cannot take the lock ${file}: it keeps changing`);
  }
  heldHere.add(file);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => heldHere.forEach((held) => releaseIfMine(held)));
  }
  return {
    file,
    release() {
      heldHere.delete(file);
      releaseIfMine(file);
    },
  };
}

function statMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function readFileSafe(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Removes a stale lock, unless another process replaced it meanwhile; one taker at a time. */
function takeOver(file: string, staleContent: string | undefined): void {
  const guard = `${file}.takeover`;
  if (!createExclusive(guard, String(process.pid))) {
    const taker = Number(readFileSafe(guard));
    // a taker that died between its two steps leaves the guard behind; a live one finishes in microseconds
    if (!isAlive({ pid: taker })) unlinkQuietly(guard);
    else sleep(20);
    return;
  }
  try {
    if (readFileSafe(file) === staleContent) unlinkQuietly(file);
  } finally {
    unlinkQuietly(guard);
  }
}

function releaseIfMine(file: string): void {
  const holder = readHolder(file);
  if (holder !== 'missing' && holder !== null && holder.pid === process.pid) unlinkQuietly(file);
}
