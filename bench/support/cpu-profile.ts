/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time per function and per package or
 * app folder, the largest first. `npx tsx bench/support/cpu-profile.ts <file.cpuprofile> [top]`
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a script URL belongs: `node_modules/<package>`, an app folder, or node's own. */
export function bucketOf(url: string): string {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  const app = /\/work\/[^/]+\/([^/]+\/[^/]+)/.exec(url);
  if (app) return app[1]!;
  if (url.startsWith('node:')) return url;
  return url ? 'other' : '(native/gc/idle)';
}

/**
 * Self time (ms) by function and by bucket.
 *
 * @example
 * const { byFunction, byBucket, totalMs } = summarise(JSON.parse(readFileSync(file, 'utf8')));
 */
export function summarise(profile: Profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byFunction = new Map<string, number>();
  const byBucket = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules\/|work\/[^/]+\/)/, '')}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    byBucket.set(bucketOf(url), (byBucket.get(bucketOf(url)) ?? 0) + ms);
    totalMs += ms;
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { totalMs, byFunction: sorted(byFunction), byBucket: sorted(byBucket) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { totalMs, byFunction, byBucket } = summarise(JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Profile);
  const top = Number(process.argv[3] ?? 30);
  const line = ([name, ms]: [string, number]) => `${((ms / totalMs) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${name}`;
  console.log(`total ${totalMs.toFixed(0)} ms\n-- by package / folder`);
  byBucket.slice(0, 25).forEach((entry) => console.log(line(entry)));
  console.log('-- by function');
  byFunction.slice(0, top).forEach((entry) => console.log(line(entry)));
}
