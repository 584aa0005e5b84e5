import type { MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppEnv } from '../../context.ts';

/** Where `vite build` writes the web app (vite.config.ts: outDir). */
export const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

/**
 * Serves the built web app as middleware behind every route (so it is not an API endpoint and never
 * touches the database): hashed assets are cached for a year, the page itself revalidates.
 * Precompressed `.gz` files written by scripts/build-web.mjs are sent to clients that accept gzip.
 *
 * @example
 * app.use('*', webApp());
 */
export function webApp(root = webRoot): MiddlewareHandler<AppEnv> {
  let handler: MiddlewareHandler | undefined;
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    if (!handler) {
      if (!existsSync(path.join(root, 'index.html'))) return next();
      handler = serveStatic({
        root,
        precompressed: true,
        onFound: (file, ctx) => {
          ctx.header('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    }
    return handler(c, next);
  };
}
