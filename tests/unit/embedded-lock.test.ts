/**
 * The data-directory lock and the socket-folder clean-up of the embedded database (issue #13, items 9
 * and 14), without starting PGlite: tests/db/embedded-lock.test.ts runs them with real servers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { DataDirLockedError, lockDataDir, lockFileName, processStartTime } from '../../db/embedded/lock.ts';
import { removeStaleSocketDirs } from '../../db/embedded/socket-dir.ts';

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pingan-locktest-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The pid of a process that has exited (so it is certainly not alive, barring immediate reuse). */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
const holder = (pid: number, extra: object = {}) =>
  JSON.stringify({ pid, hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'server/main.ts', ...extra });

describe('data directory lock', () => {
  it('refuses a second opener, naming the holder, until the first releases', () => {
    const dir = scratch();
    const lock = lockDataDir(dir);
    const error = (() => {
      try {
        lockDataDir(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).holder.pid).toBe(process.pid);
    expect((error as Error).message).toMatch(new RegExp(`in use by process ${process.pid} .*stop that process first .*kill ${process.pid}`));
    lock.release();
    expect(existsSync(path.join(dir, lockFileName))).toBe(false);
    lockDataDir(dir).release();
  });

  it('refuses while another live process holds it', () => {
    const dir = scratch();
    writeFileSync(path.join(dir, lockFileName), holder(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${process.ppid}`));
  });

  it('takes over the lock of a dead pid', () => {
    const dir = scratch();
    const stale = deadPid();
    writeFileSync(path.join(dir, lockFileName), holder(stale));
    const lock = lockDataDir(dir, { socketDir: '/tmp/x' });
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, socketDir: '/tmp/x' });
    lock.release();
  });

  it.skipIf(processStartTime(process.pid) === undefined)('takes over a lock whose pid now belongs to another process (start time differs)', () => {
    const dir = scratch();
    writeFileSync(path.join(dir, lockFileName), holder(process.ppid, { processStart: '1' }));
    lockDataDir(dir).release();
  });

  it('takes over an unreadable lock once it is no longer fresh, and refuses one held on another host', () => {
    const dir = scratch();
    const file = path.join(dir, lockFileName);
    writeFileSync(file, '{"pid":');
    utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    lockDataDir(dir).release();
    writeFileSync(file, JSON.stringify({ ...JSON.parse(holder(deadPid())), hostname: 'another-host' }));
    expect(() => lockDataDir(dir)).toThrow(/on host another-host/);
  });
});

describe('socket folders', () => {
  it('removes folders of dead owners and keeps live ones and foreign folders', async () => {
    const root = scratch();
    const dead = path.join(root, `pingan-sock-${deadPid()}-AbC123`);
    const live = path.join(root, `pingan-sock-${process.ppid}-XyZ789`);
    const test = path.join(root, 'pingan-test-q1w2e3');
    for (const dir of [dead, live, test]) mkdirSync(dir);
    writeFileSync(path.join(dead, '.s.PGSQL.5432'), '');
    expect(await removeStaleSocketDirs(root)).toEqual([dead]);
    expect([dead, live, test].map(existsSync)).toEqual([false, true, true]);
  });

  it('removes an old unnamed folder nobody listens on, but not a recent one', async () => {
    const root = scratch();
    const old = path.join(root, 'pingan-Qw3rTy');
    const recent = path.join(root, 'pingan-As5dFg');
    for (const dir of [old, recent]) {
      mkdirSync(dir);
      writeFileSync(path.join(dir, '.s.PGSQL.5432'), ''); // a plain file: connecting fails like a dead socket
    }
    utimesSync(old, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    expect(await removeStaleSocketDirs(root)).toEqual([old]);
    expect(existsSync(recent)).toBe(true);
  });
});
