import { z } from 'zod';

/**
 * Photos of a case (照片/附件): what the phone uploads with a report or a report-back, and what the
 * server answers. Shared by the server (validation, OpenAPI) and the web pages (types, URLs).
 */

/** When in the case the photo was taken: with the report (上报) or with the report-back (处置反馈). */
export const attachmentStages = ['report', 'feedback'] as const;
export type AttachmentStage = (typeof attachmentStages)[number];

/**
 * The image types stored. HEIC (iPhone default) is not among them: sharp's prebuilt libvips has no
 * HEVC decoder, so an HEIC upload is refused with 415 and the phone must send JPEG (iOS converts
 * when the page's file input asks for image/jpeg, or with the camera set to "Most Compatible").
 */
export const attachmentContentTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type AttachmentContentType = (typeof attachmentContentTypes)[number];

/** Long edge of a thumbnail in pixels (JPEG). */
export const thumbnailEdge = 320;

export const attachmentSchema = z.object({
  id: z.number().int(),
  incidentId: z.number().int(),
  stage: z.enum(attachmentStages),
  /** the stored image's type, as its bytes say (never the uploaded name or header) */
  contentType: z.enum(attachmentContentTypes),
  /** size of the stored (re-encoded, metadata-free) image */
  bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  createdAt: z.string(),
  /** `GET` it with the caller's session or token: the image bytes, never cached publicly */
  url: z.string(),
  /** a JPEG of at most 320 px on the long edge */
  thumbnailUrl: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const attachmentListSchema = z.object({ items: z.array(attachmentSchema) });
export type AttachmentList = z.infer<typeof attachmentListSchema>;

/**
 * The multipart form of an upload, as the OpenAPI document describes it (the handler reads the form
 * itself: the parts are files, and each refusal names its `files[i]`).
 */
export const attachmentUploadSchema = z.object({
  files: z.array(z.string().meta({ format: 'binary', description: 'a JPEG, PNG or WebP image (one part per file)' })).min(1),
  stage: z.enum(attachmentStages),
});

/**
 * The API path of an attachment's image, or of its thumbnail.
 *
 * @example
 * attachmentUrl(7) // '/api/attachments/7'
 * attachmentUrl(7, 'thumbnail') // '/api/attachments/7/thumbnail'
 */
export const attachmentUrl = (id: number, variant?: 'thumbnail') => `/api/attachments/${id}${variant ? '/thumbnail' : ''}`;
