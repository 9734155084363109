export type { Locale } from '../../cards/lib/types.js';
export { botReplies, botToasts } from '../../cards/botTexts.js';
