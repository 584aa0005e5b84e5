/**
 * #18 item 2: `npm start` with WEB_CONCURRENCY=2 — on PostGIS two workers share the port, a killed one is
 * replaced while the other serves, SIGTERM stops them all; on the embedded engine it is refused, naming
 * DATABASE_URL (the embedded database is one session in one process).
 */
import { describe, expect, inject, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import http from 'node:http';

const { mode, connection } = inject('database');

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin',
      HOME: process.env.HOME ?? '/tmp',
      LOG_LEVEL: 'warn',
      DEMO_SEED: 'none',
      DEMO_LIVE: 'off',
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** The server processes the primary forked: not every child is one (tsx may run an esbuild service). */
const workersOf = (pid: number) =>
  execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('server/main.ts'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));

// two processes compiling the app through tsx on a loaded 2-core machine can take a minute to listen
async function healthy(port: number, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    // a connection the primary accepted before any worker listened must not hang the loop
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no healthy server on ${port}`);
}

/**
 * Status of one health request on a connection of its own: a pooled keep-alive connection may belong to the
 * worker the test kills, and a reset of that socket says nothing about whether the service still answers.
 */
const healthStatus = (port: number) =>
  new Promise<number>((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/api/health', agent: false, timeout: 10_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error('health request timed out')));
    request.on('error', reject);
  });

async function refusedWithoutServer() {
  const { child, output } = start({ WEB_CONCURRENCY: '2', DATA_DIR: inject('database').dataDir, PORT: String(await freePort()) });
  const [code] = await once(child, 'exit');
  expect(code).toBe(1);
  expect(output()).toContain('WEB_CONCURRENCY=2 needs DATABASE_URL');
}

describe('WEB_CONCURRENCY', () => {
  // one test per engine: what each engine does with two processes
  it(`${mode}: ${mode === 'embedded' ? 'is refused, naming DATABASE_URL' : 'two workers on one port; a killed one is replaced; SIGTERM stops all'}`, async () => {
    if (mode === 'embedded') return refusedWithoutServer();
    const port = await freePort();
    const url = String(connection.connectionString);
    const { child, output } = start({ WEB_CONCURRENCY: '2', LOG_LEVEL: 'info', DATABASE_URL: url, PORT: String(port), DATA_DIR: inject('database').dataDir });
    try {
      await healthy(port).catch((error: unknown) => {
        throw new Error(`${String(error)}; server output:\n${output()}`);
      });
      // the health answer came from whichever worker listened first: wait until both listen, or killing the
      // only listening one leaves the port without a taker
      const listening = () => [...output().matchAll(/server process listening.*?"pid":(\d+)/g)].map((match) => Number(match[1]));
      for (let i = 0; i < 600 && listening().length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 200));
      const [first, second] = workersOf(child.pid!);
      expect(second).toBeDefined();
      expect(listening().sort()).toEqual([first, second].sort());
      process.kill(first!, 'SIGKILL');
      // once the primary has seen the death it hands new connections only to the living worker, which keeps
      // answering while the killed one is replaced (a connection handed over in the instant before is lost,
      // as behind any load balancer, which retries it)
      for (let i = 0; i < 100 && !output().includes('server process exited; starting another'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(output()).toContain('server process exited; starting another');
      for (let i = 0; i < 10; i++) expect(await healthStatus(port)).toBe(200);
      for (let i = 0; i < 50 && !(workersOf(child.pid!).length === 2 && !workersOf(child.pid!).includes(first!)); i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(workersOf(child.pid!)).toHaveLength(2);
      expect(workersOf(child.pid!)).not.toContain(first);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 240_000);
});
