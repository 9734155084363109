import { translator } from '../i18n/index.js';
import { errorText, type RefusalWords } from './errorText.js';
import type { Locale } from './types.js';

/** A card callback's toast: shown in the reader's language, carrying both for clients set to the other. */
export type ToastJson = {
  type: 'info' | 'success' | 'error' | 'warning';
  content: string;
  i18n?: Record<string, string>;
};

function both(type: ToastJson['type'], locale: Locale, say: (l: Locale) => string): ToastJson {
  return { type, content: say(locale), i18n: { zh_cn: say('zh'), en_us: say('en') } };
}

/** The bot's plain-text answers outside cards (the transport's own: before or without the chat registry). */
export const botReplies = {
  unknownCommand: (l: Locale, name: string) => translator(l)('bot.unknownCommand', { name }),
  emptyCommand: (l: Locale) => translator(l)('bot.emptyCommand'),
  unsupportedMessage: (l: Locale) => translator(l)('bot.unsupportedMessage'),
  commandFailed: (l: Locale, ref: string) => translator(l)('bot.commandFailed', { ref }),
};

/** The toasts a card click can get; `ref` is the start of the event id a user can quote. */
export const botToasts = {
  processing: (l: Locale) => both('info', l, (x) => translator(x)('bot.processing')),
  unknownAction: (l: Locale) => both('error', l, (x) => translator(x)('bot.unknownAction')),
  invalid: (l: Locale) => both('error', l, (x) => translator(x)('bot.actionInvalid')),
  failed: (l: Locale, ref: string) => both('error', l, (x) => translator(x)('bot.actionFailed', { ref })),
  upstream: (l: Locale, ref: string) => both('error', l, (x) => translator(x)('bot.actionUpstream', { ref })),
  /** Not allowed: names the roles that would be (joined with that language's "or"). */
  forbidden: (l: Locale, roles: readonly string[]) =>
    both('error', l, (x) => {
      const t = translator(x);
      const names = roles.map((r) => t(`role.${r}` as Parameters<typeof t>[0])).join(t('bot.rolesOr'));
      return t('bot.actionForbidden', { roles: names });
    }),
  /** Why a click was refused, from the error's reason (or its "中文 / English" sentence). */
  refused: (l: Locale, err: RefusalWords) => both('error', l, (x) => errorText(err, x)),
};
