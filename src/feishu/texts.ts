import type { Locale } from '../domain/locale.js';
export type { Locale };

const zh = {
  unknownCommand: (name: string) => `未知命令「${name}」。`,
  emptyCommand: '请在 @ 机器人后输入命令。',
  commandFailed: (ref: string) => `处理失败，请稍后重试（编号 ${ref}）。`,
  unknownAction: '这个按钮已失效或无法识别。',
  actionFailed: (ref: string) => `操作失败，请稍后重试（编号 ${ref}）。`,
  processing: '已收到，正在处理…',
  unsupportedMessage: '我只读得懂文字（含富文本）消息。请直接输入命令，例如「帮助」。',
};

const en: typeof zh = {
  unknownCommand: (name: string) => `Unknown command "${name}".`,
  emptyCommand: 'Type a command after @-mentioning the bot.',
  commandFailed: (ref: string) => `Something went wrong; please try again (ref ${ref}).`,
  unknownAction: 'This button is no longer valid.',
  actionFailed: (ref: string) => `The action failed; please try again (ref ${ref}).`,
  processing: 'Received, working on it…',
  unsupportedMessage: 'I can only read text (or rich text) messages. Type a command, e.g. "help".',
};

/** The wiring's few user-facing texts; chat commands and cards bring their own (i18n/, cards/). */
export const texts: Record<Locale, typeof zh> = { zh, en };

/** A toast in the configured language, carrying both for clients in the other one. */
export function toast(
  type: 'info' | 'success' | 'error' | 'warning',
  pick: (t: typeof zh) => string,
  locale: Locale,
) {
  return { type, content: pick(texts[locale]), i18n: { zh_cn: pick(zh), en_us: pick(en) } };
}
