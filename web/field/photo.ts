/** Photos for reports are shrunk on the phone: at most 1280 px and 300 KB as JPEG, kept as a data URL. */
export const PHOTO_MAX_BYTES = 300 * 1024;
const MAX_SIDE = 1280;

/**
 * Reads an image file and re-encodes it as a JPEG data URL under PHOTO_MAX_BYTES (lowering quality,
 * then size); rejects what cannot be decoded as an image.
 *
 * @example
 * const dataUrl = await shrinkPhoto(input.files[0]);
 */
export async function shrinkPhoto(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file);
  let scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  for (let attempt = 0; attempt < 8; attempt++) {
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.8, 0.6, 0.45]) {
      const url = canvas.toDataURL('image/jpeg', quality);
      // base64 carries 3 bytes in 4 characters
      if ((url.length - url.indexOf(',') - 1) * 0.75 <= PHOTO_MAX_BYTES) return url;
    }
    scale *= 0.7;
  }
  throw new Error('photo too large');
}
