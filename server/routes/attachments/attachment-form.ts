import type { Context } from 'hono';
import { attachmentStages, type AttachmentStage } from '../../../core/contracts/attachments.ts';
import { ApiError } from '../../middleware/errors.ts';

/** One file part of an upload, with the name it is refused by (`files[2]`). */
export interface UploadFile {
  field: string;
  name: string;
  bytes: Uint8Array;
}

/** A file name fit for an error message: no control characters, at most 80 characters. */
export const shownName = (name: string) => JSON.stringify(name.replace(/[\p{Cc}]/gu, '').slice(0, 80) || 'unnamed');

/**
 * Reads an upload's multipart form: one or more file parts `files` and the text part `stage`. Anything
 * else is a 400 naming the field; the body was already bounded by the route's body limit.
 *
 * @example
 * const { stage, files } = await readUploadForm(c); // files[0].field === 'files[0]'
 */
export async function readUploadForm(c: Context): Promise<{ stage: AttachmentStage; files: UploadFile[] }> {
  if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError(400, 'invalid_request', 'send multipart/form-data with one or more file parts "files" and a part "stage"', 'files');
  }
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    throw new ApiError(400, 'invalid_request', 'the multipart body could not be read (broken or truncated)', 'files');
  }
  const stage = form.get('stage');
  if (typeof stage !== 'string' || !(attachmentStages as readonly string[]).includes(stage)) {
    throw new ApiError(400, 'invalid_request', `stage must be one of ${attachmentStages.join(', ')}`, 'stage');
  }
  const parts = form.getAll('files');
  if (!parts.length) throw new ApiError(400, 'invalid_request', 'no file: send one or more parts named "files"', 'files');
  const files: UploadFile[] = [];
  for (const [index, part] of parts.entries()) {
    const field = `files[${index}]`;
    if (typeof part === 'string') throw new ApiError(400, 'invalid_request', `${field} is text, not a file`, field);
    files.push({ field, name: part.name, bytes: new Uint8Array(await part.arrayBuffer()) });
  }
  return { stage: stage as AttachmentStage, files };
}
