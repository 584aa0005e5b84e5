import { staff } from '../../../core/access/roles.ts';
import { attachmentContentTypes, attachmentListSchema, attachmentUploadSchema } from '../../../core/contracts/attachments.ts';
import { declareRoute } from '../declare.ts';

// Staff in the case's area, as the case itself; photos are evidence of the case, read with it.
const caseAccess = { roles: staff, scoped: true } as const;

export const uploadAttachmentsRoute = declareRoute({
  method: 'post',
  path: '/incidents/:id/attachments',
  summary:
    'Upload photos to a case (multipart: parts "files" + "stage" report|feedback; idempotent by Idempotency-Key). JPEG/PNG/WebP by their bytes, metadata stripped; 413 too large, 415 wrong type, 422 undecodable, 409 too many — each naming files[i]',
  access: caseAccess,
  body: attachmentUploadSchema,
  bodyType: 'multipart/form-data',
  status: 201,
  response: attachmentListSchema,
  names: { body: 'AttachmentUpload', response: 'AttachmentList' },
  also: { 200: { description: 'a repeated Idempotency-Key: the photos of the first upload', body: true } },
  errors: [409, 413, 415, 422],
});

export const listAttachmentsRoute = declareRoute({
  method: 'get',
  path: '/incidents/:id/attachments',
  summary: 'The photos of a case, oldest first, with the URLs of each image and thumbnail',
  access: caseAccess,
  response: attachmentListSchema,
  names: { response: 'AttachmentList' },
});

export const attachmentImageRoute = declareRoute({
  method: 'get',
  path: '/attachments/:id',
  summary: 'A stored photo (metadata-free), Content-Type from its bytes; private, never cached',
  access: caseAccess,
  responseTypes: [...attachmentContentTypes],
});

export const attachmentThumbnailRoute = declareRoute({
  method: 'get',
  path: '/attachments/:id/thumbnail',
  summary: 'A photo’s JPEG thumbnail (long edge 320 px); private, never cached',
  access: caseAccess,
  responseTypes: ['image/jpeg'],
});
