import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps, AppEnv } from '../../context.ts';
import { ApiError } from '../../middleware/errors.ts';
import { uploadBodyLimit } from '../../middleware/body-limit.ts';
import { callerOf } from '../../access/caller.ts';
import { staff } from '../../../core/access/roles.ts';
import { mount } from '../declare.ts';
import { attachmentImageRoute, attachmentThumbnailRoute, listAttachmentsRoute, uploadAttachmentsRoute } from './attachments.routes.ts';
import { listCaseAttachments, serveAttachmentImage, serveAttachmentThumbnail, uploadAttachments } from './attachments.handlers.ts';

/**
 * Photos of a case: upload (`POST /api/incidents/:id/attachments`), list, and the image and thumbnail
 * bytes. All scoped through the case's area (404 outside). The upload body is cut off while it
 * streams in, at the largest upload the settings allow (ATTACHMENT_MAX_BYTES × ATTACHMENT_MAX_PER_CASE).
 *
 * @example
 * api.route('/', attachmentRoutes(deps));
 */
export function attachmentRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const maxSize = uploadBodyLimit(deps.env);
  const limit = bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(
        413,
        'payload_too_large',
        `the upload is larger than ${maxSize} bytes (${deps.env.ATTACHMENT_MAX_PER_CASE} photos of at most ${deps.env.ATTACHMENT_MAX_BYTES} bytes)`,
        'files',
      );
    },
  });
  // only callers who may upload get their body read at all; the others meet the access check unread
  app.post(uploadAttachmentsRoute.path, (c, next) => ((staff as readonly string[]).includes(callerOf(c).role) ? limit(c, next) : next()));
  mount(app, uploadAttachmentsRoute, uploadAttachments(deps));
  mount(app, listAttachmentsRoute, listCaseAttachments(deps));
  mount(app, attachmentImageRoute, serveAttachmentImage(deps));
  mount(app, attachmentThumbnailRoute, serveAttachmentThumbnail(deps));
  return app;
}
