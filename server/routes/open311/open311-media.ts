import { ApiError } from '../../middleware/errors.ts';

/**
 * A GeoReport POST's photo link (`media_url`): kept in the incident's description, since the photo
 * itself lives elsewhere and this server fetches nothing from outside; answered back as `media_url`
 * (a photo attached to the case takes its place). Where the report is: open311-geocode.ts.
 */

const MEDIA_PREFIX = '图片 media_url: ';

/**
 * A `media_url` as sent, if it is an absolute http(s) URL; anything else is a 400 naming the field.
 *
 * @example
 * readMediaUrl('https://img.example.com/1.jpg'); // 'https://img.example.com/1.jpg'
 */
export function readMediaUrl(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || /\s/.test(text)) {
    throw new ApiError(400, 'invalid_request', 'media_url must be an absolute http(s) URL', 'media_url');
  }
  return text;
}

/** The description line that keeps a media_url. */
export const mediaLine = (url: string) => `${MEDIA_PREFIX}${url}`;

/**
 * The media_url kept in a description by {@link mediaLine}, or null.
 *
 * @example
 * mediaUrlOf('井盖丢失\n图片 media_url: https://img.example.com/1.jpg'); // 'https://img.example.com/1.jpg'
 */
export function mediaUrlOf(description: string | null | undefined): string | null {
  const line = description?.split('\n').find((l) => l.startsWith(MEDIA_PREFIX));
  return line ? line.slice(MEDIA_PREFIX.length) : null;
}
