/**
 * wrk (the load generator the checks use) driven from the benchmarks: `paths` rotated over
 * `connections` keep-alive connections for `seconds`, results as JSON from a Lua `done` hook. wrk is
 * written in C and costs the machine far less per request than a Node.js client, so the server, not
 * the client, is what saturates the two cores. `apt-get install wrk`; `hasWrk()` says whether it is here.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface WrkResult {
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** socket errors and non-2xx/3xx answers */
  errors: number;
}

const script = `
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status))
end
`;

/** Whether the wrk binary is on the PATH. */
export function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits with status 1 after printing its version
    return (error as { status?: number }).status === 1;
  }
}

/**
 * Runs wrk against `http://127.0.0.1:{port}` over `paths` (each request the next path).
 *
 * @example
 * const { requestsPerSecond } = await wrk(port, ['/tiles/districts/10/843/386?v=3'], { connections: 50, seconds: 5, headers: { 'Accept-Encoding': 'gzip' } });
 */
export async function wrk(
  port: number,
  paths: string[],
  options: { connections?: number; seconds?: number; threads?: number; headers?: Record<string, string> } = {},
): Promise<WrkResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pingan-wrk-'));
  writeFileSync(path.join(dir, 'paths.txt'), `${paths.join('\n')}\n`);
  writeFileSync(path.join(dir, 'rotate.lua'), script);
  const args = [
    `-t${options.threads ?? 2}`,
    `-c${options.connections ?? 50}`,
    `-d${options.seconds ?? 5}s`,
    '--latency',
    '-s',
    path.join(dir, 'rotate.lua'),
    ...Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
    `http://127.0.0.1:${port}`,
  ];
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile('wrk', args, { env: { ...process.env, WRK_PATHS: path.join(dir, 'paths.txt') } }, (error, out) => (error ? reject(error) : resolve(out))),
  );
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
  const raw = JSON.parse(line.slice('WRK_JSON '.length)) as { requests: number; durationUs: number; p50Us: number; p99Us: number; errors: number };
  return {
    requestsPerSecond: Math.round(raw.requests / (raw.durationUs / 1e6)),
    requests: raw.requests,
    p50Ms: +(raw.p50Us / 1000).toFixed(2),
    p99Ms: +(raw.p99Us / 1000).toFixed(2),
    errors: raw.errors,
  };
}
