import { catalogs, type MessageKey } from '../../../cards/i18n/index.js';
import type { CardJson } from '../../../cards/lib/types.js';
import type { Toast } from '../router.js';
import type { Locale } from '../texts.js';
import type { ActionMeta } from './define.js';

/** A success toast titled like the card that follows it, in both languages. */
export function doneToast(key: MessageKey, locale: Locale, type: Toast['type'] = 'success'): Toast {
  return { type, content: catalogs[locale][key], i18n: { zh_cn: catalogs.zh[key], en_us: catalogs.en[key] } };
}

/** Posts a result card under the clicked one (the clicked card stays as it is). */
export async function replyUnder(meta: ActionMeta, card: CardJson): Promise<void> {
  if (meta.messageId) await meta.send({ kind: 'reply', messageId: meta.messageId, body: { card } });
  else if (meta.chatId)
    await meta.send({ kind: 'send', receiveIdType: 'chat_id', receiveId: meta.chatId, body: { card } });
}
