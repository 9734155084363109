import { errorText } from '../../cards/i18n/errorText.js';
import { translator, type MessageKey, type Params } from '../../cards/i18n/index.js';
import type { Locale } from '../../cards/lib/types.js';
import type { Toast } from './router.js';

export type { Locale } from '../../cards/lib/types.js';

/** The bot's words outside cards (plain replies, toasts) come from cards/i18n too: `bot.*` keys. */
export const botText = (locale: Locale, key: MessageKey, params?: Params): string =>
  translator(locale)(key, params);

/** A toast in the reader's language, carrying both for clients set to the other one. */
export function toast(type: Toast['type'], locale: Locale, key: MessageKey, params?: Params): Toast {
  return {
    type,
    content: botText(locale, key, params),
    i18n: { zh_cn: botText('zh', key, params), en_us: botText('en', key, params) },
  };
}

/** A toast telling why an action was refused, in the reader's language and carrying both. */
export function refusalToast(locale: Locale, err: Error): Toast {
  const zhText = errorText(err, 'zh');
  const enText = errorText(err, 'en');
  return {
    type: 'error',
    content: locale === 'zh' ? zhText : enText,
    i18n: { zh_cn: zhText, en_us: enText },
  };
}
