import type { Env } from '../../core/env.ts';
import type { Channel } from '../../db/queries/notifications.ts';

/**
 * The channels a notice is delivered on: the log always (the default, and a record on any server), the
 * webhook when NOTIFY_WEBHOOK_URL is set. The live page needs no delivery row: the same statement writes
 * its live_events row.
 *
 * @example
 * channelsOf(env) // ['log'] or ['log', 'webhook']
 */
export const channelsOf = (env: Pick<Env, 'NOTIFY_WEBHOOK_URL'>): Channel[] => (env.NOTIFY_WEBHOOK_URL ? ['log', 'webhook'] : ['log']);
