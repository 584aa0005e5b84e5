/**
 * Warm start: `npm start` on an already seeded database, from spawn to the first 200 from /api/health.
 * Target (issue 2): ≤ 6 s on the embedded database and on PostGIS.
 *
 *   npx tsx bench/startup.ts --data-dir .data [--runs 5]                 # embedded (seed it first: npm start once)
 *   DATABASE_URL=postgres://… npx tsx bench/startup.ts [--runs 5]        # PostGIS (seed: npm run geodata -- demo)
 *
 * The web build is assumed current (the prestart step then only compares file times, as on a warm start).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, 'data-dir': { type: 'string', default: '.data' }, port: { type: 'string', default: '18080' } },
});
const repo = fileURLToPath(new URL('..', import.meta.url));
const port = Number(args.port);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).ok;
  } catch {
    return false;
  }
}

async function oneStart(): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: repo,
    env: { ...process.env, PORT: String(port), DATA_DIR: args['data-dir'], DEMO_SEED: 'none', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (const deadline = started + 60_000; performance.now() < deadline;) {
      if (await healthy()) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no /api/health within 60 s');
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const engine = process.env.DATABASE_URL ? 'postgis' : 'embedded';
const times: number[] = [];
for (let run = 0; run < Number(args.runs); run++) times.push(await oneStart());
console.log(
  `${engine}: warm npm start → first /api/health, median ${(median(times) / 1000).toFixed(2)} s ` +
    `(runs: ${times.map((t) => (t / 1000).toFixed(2)).join(', ')})`,
);
