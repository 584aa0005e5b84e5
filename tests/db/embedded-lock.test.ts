/**
 * Two processes on one embedded DATA_DIR corrupted it (issue #13, item 9): the second opener is refused
 * naming the holder, the first keeps serving, the import command says to stop the server, and a holder
 * killed with kill -9 leaves a lock and a socket folder that the next start takes over and removes
 * (item 14). Only the embedded engine has a data directory, so only the embedded project runs this file (vite.config.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DataDirLockedError, startEmbeddedServer, type EmbeddedServer } from '../../db/embedded/start.ts';
import { lockFileName } from '../../db/embedded/lock.ts';
import { spawnedHolders, startHolder } from '../support/embedded-holder.ts';
import { cityItems } from '../support/importers.ts';

// made by the first test (this file runs in the embedded project only)
let dataDir = '';
let pglite = '';
let holder: { child: ChildProcess; pid: number; socketDir: string } | undefined;
let mine: EmbeddedServer | undefined;

afterAll(async () => {
  spawnedHolders.forEach((child) => child.kill('SIGKILL'));
  await mine?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function query(socketDir: string, text: string) {
  const client = new pg.Client({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded DATA_DIR: one process at a time', () => {
  it('refuses a second opener naming the holder pid; the first keeps working; the import command says to stop the server', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'pingan-locked-'));
    pglite = path.join(dataDir, 'pglite'); // where openDatabase puts it for DATA_DIR=dataDir
    holder = await startHolder(pglite);
    await query(holder.socketDir, 'CREATE TABLE survivor AS SELECT 42 AS answer');

    const refused = await startEmbeddedServer({ dataDir: pglite }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as DataDirLockedError).holder.pid).toBe(holder.pid);
    expect((refused as Error).message).toContain(`in use by process ${holder.pid}`);
    expect((refused as Error).message).toContain(`kill ${holder.pid}`);
    expect(await query(holder.socketDir, 'SELECT answer FROM survivor')).toEqual([{ answer: 42 }]);

    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'geodata/cli.ts', 'import', 'districts', cityItems[0]!.file], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      encoding: 'utf8',
    });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(`in use by process ${holder.pid}`);
    expect(cli.stderr).toMatch(/stop the server .*run this command again/);
    expect(cli.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(await query(holder.socketDir, 'SELECT answer FROM survivor')).toEqual([{ answer: 42 }]);
  }, 240_000); // a fresh PGlite + PostGIS takes ~15 s to create, several times that on a busy machine

  it('after kill -9 the stale lock and socket folder are taken over and removed by the next start', async () => {
    const { child, pid, socketDir } = holder!;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    holder = undefined;
    expect(JSON.parse(readFileSync(path.join(pglite, lockFileName), 'utf8')).pid).toBe(pid);
    expect(existsSync(socketDir)).toBe(true);

    mine = await startEmbeddedServer({ dataDir: pglite });
    expect(existsSync(socketDir)).toBe(false);
    expect(JSON.parse(readFileSync(path.join(pglite, lockFileName), 'utf8')).pid).toBe(process.pid);
    expect(await query(mine.socketDir, 'SELECT answer FROM survivor')).toEqual([{ answer: 42 }]);

    await mine.stop();
    mine = undefined;
    expect(existsSync(path.join(pglite, lockFileName))).toBe(false);
  }, 240_000);
});
