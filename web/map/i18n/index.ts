/** The map page's messages in the language chosen through the kit (web/kit/i18n.ts). */
import { messages } from '../../kit/i18n.ts';
import { en, zh } from './messages.ts';

/** The current messages; re-read them after `onLangChange` fires. */
export const t = messages({ zh, en });
