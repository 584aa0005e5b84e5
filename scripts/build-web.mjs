#!/usr/bin/env node
/**
 * Builds the web app when dist/web is missing or older than its sources (web/, the shared contracts,
 * vite.config.ts), then writes .gz copies of the text assets for the server to send precompressed.
 * Runs before `npm start` (prestart); a warm start only compares modification times (a few ms).
 * `--force` always builds.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/web');
const stamp = path.join(out, '.build-stamp');

function newest(entry) {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

const sources = ['web', 'core', 'vite.config.ts', 'package-lock.json'].map((p) => path.join(root, p)).filter(existsSync);
const force = process.argv.includes('--force');
const isFresh = () => existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...sources.map(newest));
if (!force && isFresh()) process.exit(0);

// Test files of both database engines (and several servers) may ask at once: one builds, the others wait.
const lock = path.join(root, 'dist/.build-web.lock');
mkdirSync(path.dirname(lock), { recursive: true });
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
for (;;) {
  try {
    mkdirSync(lock);
    break;
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    // a lock left by a killed build is stale after 10 minutes
    try {
      if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
    } catch {
      // removed meanwhile by the build that held it
    }
    sleep(250);
  }
}
try {
  if (force || !isFresh()) {
    console.log('building the web app (dist/web is missing or older than web/) …');
    execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });

    function gzipAll(dir) {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) gzipAll(file);
        else if (/\.(js|css|html|json|svg)$/.test(name)) writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
      }
    }
    gzipAll(out);
    writeFileSync(stamp, new Date().toISOString());
  }
} finally {
  rmSync(lock, { recursive: true, force: true });
}
