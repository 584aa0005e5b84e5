import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { thumbnailEdge, type AttachmentContentType } from '../../../core/contracts/attachments.ts';
import type { NewAttachment } from '../../../db/queries/attachments.ts';

/**
 * What an upload's first bytes say it is. Names and Content-Type headers are the client's word; the
 * magic numbers are the file's. HEIC/HEIF/AVIF are recognised only to refuse them with a clear reason.
 *
 * @example
 * sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0])) // 'image/jpeg'
 */
export function sniffImage(bytes: Uint8Array): AttachmentContentType | 'image/heic' | 'image/avif' | undefined {
  const ascii = (start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'image/heic';
    if (brand === 'avif' || brand === 'avis') return 'image/avif';
  }
  return undefined;
}

/**
 * Decoding budget per image: 60 megapixels covers a 48 MP phone sensor; beyond that a small file can
 * still be a decompression bomb (a 10 MB PNG of 40,000 × 40,000 pixels would need gigabytes).
 */
export const maxPixels = 60_000_000;

/** An image that could not be decoded (broken, truncated, too many pixels): the upload gets 422. */
export class UndecodableImage extends Error {}

/**
 * Re-encodes an upload in its own format with the orientation applied to the pixels and every piece of
 * metadata dropped (sharp writes none unless asked: no EXIF with the camera and GPS fix, no XMP, no
 * ICC profile), and makes the JPEG thumbnail (long edge 320 px, transparency on white).
 *
 * @example
 * const image = await processImage(upload, 'image/jpeg'); // image.data has no Exif segment
 */
export async function processImage(input: Uint8Array, type: AttachmentContentType): Promise<NewAttachment> {
  try {
    // rotate() with no angle applies the EXIF orientation, which would otherwise be lost with the EXIF
    const oriented = sharp(input, { limitInputPixels: maxPixels }).rotate();
    const encoded =
      type === 'image/jpeg' ? oriented.jpeg({ quality: 85 }) : type === 'image/png' ? oriented.png({ compressionLevel: 6 }) : oriented.webp({ quality: 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(data)
      .resize({ width: thumbnailEdge, height: thumbnailEdge, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 75 })
      .toBuffer();
    return { contentType: type, width: info.width, height: info.height, data, thumbnail, sha256: createHash('sha256').update(data).digest('hex') };
  } catch (error) {
    throw new UndecodableImage((error as Error).message);
  }
}
