import type { FeishuIdentity, MessageEvent } from './eventSchemas.js';
import { mentionsOf, parseCommandText, READABLE_TYPES, type CommandText } from './messageText.js';

/**
 * The small filters every message passes before the one chat registry (bolt-js's `ignoreSelf()` and
 * `directMention()`): each takes the event and answers with what the next needs, or `undefined` to drop
 * the message silently. They are pure, so each is tested alone (test/feishu/filters.test.ts).
 */

/** A person's message: bots (this one included) are ignored, so two bots never answer each other. */
export function ignoreSelf(e: MessageEvent, botOpenId: string | undefined): FeishuIdentity | undefined {
  const sender = e.sender.sender_id?.open_id;
  if (e.sender.sender_type !== undefined && e.sender.sender_type !== 'user') return undefined;
  if (!sender || (botOpenId && sender === botOpenId)) return undefined;
  return { openId: sender, unionId: e.sender.sender_id?.union_id, userId: e.sender.sender_id?.user_id };
}

/**
 * The command a message carries: text and rich text are read (the bot's mention removed); anything else
 * (image, file, sticker, audio…) becomes an empty command marked `unsupported`, so the sender is told what
 * the bot can read.
 */
export function extractText(e: MessageEvent, botOpenId: string | undefined): CommandText | undefined {
  const m = e.message;
  if ((READABLE_TYPES as readonly string[]).includes(m.message_type))
    return parseCommandText(m.content, m.mentions, botOpenId, m.message_type);
  return {
    name: '',
    args: [],
    rest: '',
    text: '',
    mentionsBot: mentionsOf(m.mentions, botOpenId),
    unsupported: m.message_type,
  };
}

/** In a group only an @mention of the bot is for it; a direct chat is always for it. */
export function directMention(e: MessageEvent, command: CommandText): CommandText | undefined {
  return e.message.chat_type === 'p2p' || command.mentionsBot ? command : undefined;
}

/** The three in order: who sent it, what it says, whether it is for the bot. */
export function commandOf(
  e: MessageEvent,
  botOpenId: string | undefined,
): { actor: FeishuIdentity; command: CommandText } | undefined {
  const actor = ignoreSelf(e, botOpenId);
  if (!actor) return undefined;
  const text = extractText(e, botOpenId);
  const command = text && directMention(e, text);
  return command && { actor, command };
}
