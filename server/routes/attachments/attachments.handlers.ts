import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { notFound } from '../../access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { AttachmentList } from '../../../core/contracts/attachments.ts';
import { findIncident } from '../../../db/queries/incidents-read.ts';
import {
  attachmentContent,
  countAttachments,
  findUpload,
  listAttachments,
  storeAttachments,
  toAttachment,
  type NewAttachment,
} from '../../../db/queries/attachments.ts';
import type { RouteHandler } from '../declare.ts';
import { actorOf, incidentScope, parseId } from '../incidents/incident-detail.ts';
import { processImage, sniffImage, UndecodableImage } from './attachment-images.ts';
import { readUploadForm, shownName } from './attachment-form.ts';
import type { attachmentImageRoute, attachmentThumbnailRoute, listAttachmentsRoute, uploadAttachmentsRoute } from './attachments.routes.ts';

/** An attachment id from the path: a positive integer, else 400 naming `id`. */
const attachmentId = (raw: string) => {
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(400, 'invalid_id', 'attachment id must be a positive integer', 'id');
  return Number(raw);
};

/**
 * Uploads photos to a case in the caller's area. Every file is checked before anything is stored —
 * count, size, type by its bytes, then decoding — and the first refusal names its `files[i]` and file
 * name; the images are stored in one transaction (all or none). A repeated Idempotency-Key by the same
 * caller answers the first upload's items with 200 and stores nothing.
 */
export const uploadAttachments =
  (deps: AppDeps): RouteHandler<typeof uploadAttachmentsRoute> =>
  async (c) => {
    const { db } = deps.database;
    const { ATTACHMENT_MAX_BYTES: maxBytes, ATTACHMENT_MAX_PER_CASE: maxCount } = deps.env;
    const principal = callerOf(c);
    const id = parseId(c.req.param('id') ?? '');
    const key = c.req.header('idempotency-key') ?? null;
    if (key !== null && (key.length < 8 || key.length > 200)) {
      throw new ApiError(400, 'invalid_request', 'Idempotency-Key must be 8–200 characters', 'Idempotency-Key');
    }
    if (!(await findIncident(db, id, incidentScope(principal)))) throw notFound(`incident ${id}`);
    const actor = actorOf(principal);
    const reply = (rows: Parameters<typeof toAttachment>[0][], status: 200 | 201) => c.json({ items: rows.map(toAttachment) } satisfies AttachmentList, status);
    const keyConflict = () => new ApiError(409, 'idempotency_conflict', 'this Idempotency-Key was used for an upload to another case', 'Idempotency-Key');
    if (key !== null) {
      const previous = await findUpload(db, actor, key);
      if (previous.length) {
        if (previous.some((row) => row.incidentId !== id)) throw keyConflict();
        return reply(previous, 200);
      }
    }
    const { stage, files } = await readUploadForm(c);
    const existing = await countAttachments(db, id);
    const tooMany = (already: number) => {
      const first = files[Math.max(0, maxCount - already)]!;
      return new ApiError(
        409,
        'too_many_attachments',
        `${first.field} ${shownName(first.name)}: a case holds at most ${maxCount} photos and has ${already}`,
        first.field,
      );
    };
    if (existing + files.length > maxCount) throw tooMany(existing);
    const types = files.map((file) => {
      const label = `${file.field} ${shownName(file.name)}`;
      if (file.bytes.length > maxBytes)
        throw new ApiError(413, 'file_too_large', `${label} has ${file.bytes.length} bytes; at most ${maxBytes} are accepted`, file.field);
      const type = sniffImage(file.bytes);
      if (type === 'image/heic' || type === 'image/avif') {
        throw new ApiError(
          415,
          'unsupported_media_type',
          `${label} is ${type === 'image/heic' ? 'HEIC/HEIF' : 'AVIF'}, which this server cannot decode; send JPEG, PNG or WebP (iPhone: Settings → Camera → Formats → Most Compatible)`,
          file.field,
        );
      }
      if (!type) throw new ApiError(415, 'unsupported_media_type', `${label} is not a JPEG, PNG or WebP image (judged by its bytes, not its name)`, file.field);
      return type;
    });
    // one at a time: decoding is CPU- and memory-heavy, and a refused file should stop the rest early
    const images: NewAttachment[] = [];
    for (const [index, file] of files.entries()) {
      try {
        images.push(await processImage(file.bytes, types[index]!));
      } catch (error) {
        if (!(error instanceof UndecodableImage)) throw error;
        throw new ApiError(
          422,
          'undecodable_image',
          `${file.field} ${shownName(file.name)} could not be decoded as ${types[index]} (broken, truncated or over 60 megapixels)`,
          file.field,
        );
      }
    }
    const result = await storeAttachments(deps.database, id, stage, images, { actor, key, maxPerCase: maxCount });
    if (result.kind === 'missing') throw notFound(`incident ${id}`);
    if (result.kind === 'key_conflict') throw keyConflict();
    if (result.kind === 'too_many') throw tooMany(result.existing);
    return reply(result.rows, result.kind === 'existing' ? 200 : 201);
  };

/** The photos of a case in the caller's area. */
export const listCaseAttachments =
  (deps: AppDeps): RouteHandler<typeof listAttachmentsRoute> =>
  async (c) => {
    const id = parseId(c.req.param('id') ?? '');
    if (!(await findIncident(deps.database.db, id, incidentScope(callerOf(c))))) throw notFound(`incident ${id}`);
    return c.json({ items: (await listAttachments(deps.database.db, id)).map(toAttachment) } satisfies AttachmentList);
  };

/**
 * The stored image or its thumbnail, if its case is in the caller's area. `private, no-store`: a photo
 * is evidence with people and number plates in it; no proxy or disk cache may keep it. `nosniff`: the
 * browser takes the type the bytes were checked to be.
 */
async function sendAttachment(deps: AppDeps, c: Context<AppEnv>, variant: 'data' | 'thumbnail') {
  const id = attachmentId(c.req.param('id') ?? '');
  const found = await attachmentContent(deps.database.db, id, variant, incidentScope(callerOf(c)));
  if (!found) throw notFound(`attachment ${id}`);
  const extension = found.contentType.slice('image/'.length).replace('jpeg', 'jpg');
  return c.body(new Uint8Array(found.data), 200, {
    'Content-Type': found.contentType,
    'Content-Length': String(found.data.length),
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': `inline; filename="attachment-${id}${variant === 'thumbnail' ? '-thumbnail' : ''}.${extension}"`,
  });
}

/** A stored photo's bytes (metadata-free), its Content-Type from the bytes. */
export const serveAttachmentImage =
  (deps: AppDeps): RouteHandler<typeof attachmentImageRoute> =>
  (c) =>
    sendAttachment(deps, c, 'data');

/** A stored photo's JPEG thumbnail. */
export const serveAttachmentThumbnail =
  (deps: AppDeps): RouteHandler<typeof attachmentThumbnailRoute> =>
  (c) =>
    sendAttachment(deps, c, 'thumbnail');
