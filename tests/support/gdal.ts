import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

/**
 * GDAL's command-line tools for interoperability tests. In CI (`CI` set) a missing GDAL is an error
 * (.ci/run installs gdal-bin); on a developer machine without it the GDAL tests are skipped.
 */
export const hasGdal = (() => {
  try {
    execFileSync('ogrinfo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error('ogrinfo (gdal-bin) is required in CI: apt-get install gdal-bin');
    return false;
  }
})();

/**
 * Runs a GDAL tool; resolves with its output (stdout + stderr) and exit code, never throws for a
 * non-zero exit.
 *
 * @example
 * const { code, output } = await gdal('ogrinfo', ['-ro', '-so', 'OAPIF:http://127.0.0.1:8080/ogc']);
 */
export async function gdal(tool: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(tool, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/**
 * Serves an app on a free local port (GDAL needs a real HTTP server); `close` stops it.
 *
 * @example
 * const server = await listen(app); await gdal('ogrinfo', [`OAPIF:${server.url}/ogc`]); await server.close();
 */
export async function listen(app: { fetch: (request: Request) => Response | Promise<Response> }): Promise<{ url: string; close: () => Promise<void> }> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
