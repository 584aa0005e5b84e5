import { ApiError } from '../../middleware/errors.ts';

/**
 * What a GeoReport POST carries beyond the incident fields: where (lat/long; an address alone is not
 * geocoded) and a photo link (`media_url`, kept in the incident's description, since the photo itself
 * lives elsewhere and this server fetches nothing from outside).
 */

const MEDIA_PREFIX = '图片 media_url: ';

/**
 * Refuses a request without lat and long, naming what is missing. The spec allows `address_string` or
 * `address_id` alone, but this server does not geocode them: an address that matches no or several
 * places would put a case in the wrong grid, so the client (which can show a map) must pick the point.
 *
 * @example
 * requireLocation({ service_code: 'theft', address_string: '北陵街道' }); // throws 400 naming lat
 */
export function requireLocation(fields: Record<string, string>): void {
  const missing = (['lat', 'long'] as const).filter((name) => !fields[name]?.trim());
  if (!missing.length) return;
  const address = fields.address_string || fields.address_id ? '; address_string / address_id are kept as text but not geocoded' : '';
  throw new ApiError(400, 'location_required', `${missing.join(' and ')} required: the location as WGS84 lat and long${address}`, missing[0]);
}

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
