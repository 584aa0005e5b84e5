import { Hono } from 'hono';
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { everyone } from '../../../core/access/roles.ts';
import { ApiError } from '../../middleware/errors.ts';
import { tileLayerIds, type TileLayerId } from '../../../core/tiles/layer-ids.ts';
import { layerExtent, tileVersion } from '../../../db/tiles/meta.ts';
import { tileServiceFor } from './service.ts';
import { publicOrigin } from './tilejson.ts';
import { buildStyle } from './style/build.ts';

/** Parses `bytes=a-b`, `bytes=a-` or `bytes=-n` for a file of `size` bytes. */
function parseRange(header: string, size: number): [number, number] | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [start, end] =
    match[1] === '' ? [Math.max(0, size - Number(match[2])), size - 1] : [Number(match[1]), match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)];
  return start <= end && start < size ? [start, end] : null;
}

/** `GET /style.json` (MapLibre style, versioned tile URLs) and `GET /basemap.pmtiles` (range requests). */
export const styleRoutes = ({ database, env }: AppDeps) => {
  const tiles = tileServiceFor(database);
  return new Hono<AppEnv>()
    .get('/style.json', access({ roles: everyone }), async (c) => {
      const known = await tiles.versions.get(true);
      const versions = Object.fromEntries(tileLayerIds.map((id) => [id, tileVersion(id, known)])) as Record<TileLayerId, number>;
      c.header('Cache-Control', 'no-cache');
      return c.json(buildStyle(env, publicOrigin(c), versions, await layerExtent(database, 'districts')));
    })
    .get('/basemap.pmtiles', access({ roles: everyone }), (c) => {
      if (!env.BASEMAP_PMTILES) throw new ApiError(404, 'no_basemap', 'no PMTiles basemap configured (BASEMAP_PMTILES)');
      const { size, mtimeMs } = statSync(env.BASEMAP_PMTILES);
      c.header('Accept-Ranges', 'bytes');
      c.header('ETag', `"${size}-${Math.round(mtimeMs)}"`);
      c.header('Content-Type', 'application/vnd.pmtiles');
      const header = c.req.header('range');
      if (!header) {
        c.header('Content-Length', String(size));
        return c.body(Readable.toWeb(createReadStream(env.BASEMAP_PMTILES)) as ReadableStream);
      }
      const range = parseRange(header, size);
      if (!range) {
        c.header('Content-Range', `bytes */${size}`);
        throw new ApiError(416, 'invalid_range', `range "${header}" is outside the ${size}-byte file`, 'range');
      }
      const [start, end] = range;
      c.header('Content-Range', `bytes ${start}-${end}/${size}`);
      c.header('Content-Length', String(end - start + 1));
      return c.body(Readable.toWeb(createReadStream(env.BASEMAP_PMTILES, { start, end })) as ReadableStream, 206);
    });
};
