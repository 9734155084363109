export type { Locale } from '../domain/locale.js';
export { botReplies, botToasts } from '../../cards/lib/botTexts.js';
