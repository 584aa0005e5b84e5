import { z } from 'zod';
import { parseInstant } from '../formats/local-date.ts';

/**
 * The one way every contract takes an instant (from, to, since, start_date …): `YYYY-MM-DD` (a day in
 * Asia/Shanghai) or an ISO 8601 date-time with an offset. Periods are half-open [from, to): a bare
 * date as `from` is the start of that day, as `to` the end of it, so "2021-01-01 – 2021-12-31"
 * includes the 31st. Parsed values are ISO strings in UTC; `…Date` variants give a Date.
 */
const message = 'a date YYYY-MM-DD or an ISO date-time with offset, e.g. 2021-12-31 or 2021-12-31T08:00:00+08:00';

const parsed = (bound: 'start' | 'end') =>
  z
    .string()
    .max(40)
    .transform((text, ctx) => {
      const t = parseInstant(text, bound);
      if (t === null) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return new Date(t).toISOString();
    });

/** An instant or the start of a local day (a period's inclusive start). */
export const instantSchema = parsed('start');
/** An instant or the end of a local day (a period's exclusive end: a bare date includes that day). */
export const periodEndSchema = parsed('end');
export const instantDateSchema = instantSchema.transform((iso) => new Date(iso));
export const periodEndDateSchema = periodEndSchema.transform((iso) => new Date(iso));
