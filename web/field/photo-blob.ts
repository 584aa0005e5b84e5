/**
 * Photos wait in IndexedDB as JPEG data URLs (photo.ts); the upload sends them as files. Decoded here
 * rather than with `fetch(dataUrl)`: the page has one network client (the kit's) and this is no request.
 *
 * @example
 * form.append('files', dataUrlToBlob(photo), 'photo-1.jpg');
 */
export function dataUrlToBlob(dataUrl: string): Blob {
  const comma = dataUrl.indexOf(',');
  const type = /^data:([^;,]+)/.exec(dataUrl)?.[1] ?? 'application/octet-stream';
  const binary = atob(dataUrl.slice(comma + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}
