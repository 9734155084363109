import {
  CARD_MAX_BYTES,
  TEXT_MAX_BYTES,
  cardError,
  parseCardContent,
  validateCard,
} from './cardValidation.js';
import { fail, feishuErrors } from './responses.js';
import type { SimMessage, SimState } from './state.js';

export type CheckedContent = { content: string; card?: Record<string, unknown>; text?: string };

/** Validates `content` for a msg_type the way the IM API does: JSON string, size, card rules. */
export function checkContent(msgType: unknown, content: unknown): CheckedContent {
  if (typeof msgType !== 'string' || msgType === '')
    fail(feishuErrors.fieldValidation, 'msg_type is required');
  if (typeof content !== 'string' || content === '')
    fail(feishuErrors.fieldValidation, 'content must be a JSON string');
  const bytes = Buffer.byteLength(content);
  if (msgType === 'text') {
    if (bytes > TEXT_MAX_BYTES) fail(feishuErrors.tooLong);
    const text = parseObject(content)?.text;
    if (typeof text !== 'string') fail(feishuErrors.invalidParam, 'text content must be {"text": "..."}');
    return { content, text };
  }
  if (msgType === 'interactive' || msgType === 'post') {
    if (bytes > CARD_MAX_BYTES) fail(feishuErrors.tooLong);
  }
  if (msgType === 'interactive') {
    const parsed = parseObject(content);
    if (parsed && parsed.type === 'template')
      fail(cardErrorFor(parsed, 200380, 'template not found in this simulator'));
    const result = parseCardContent(content);
    if (!result.ok) fail(cardError(parsed, result.problem));
    return { content, card: result.card };
  }
  if (!parseObject(content)) fail(feishuErrors.invalidParam, 'content is not valid JSON');
  return { content };
}

/** The same rules for a card given as an object (ephemeral send, callback answers, delayed update). */
export function checkCardObject(card: unknown): Record<string, unknown> {
  const content = JSON.stringify(card ?? null);
  if (Buffer.byteLength(content) > CARD_MAX_BYTES) fail(feishuErrors.tooLong);
  const result = validateCard(card);
  if (!result.ok) fail(cardError(card, result.problem));
  return result.card;
}

function cardErrorFor(card: unknown, sub: number, message: string) {
  return cardError(card, { sub, path: [], message });
}

function parseObject(s: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The message object of the IM API (send/reply/get answers). */
export function presentMessage(msg: SimMessage, appId: string, state: SimState): Record<string, unknown> {
  const sender =
    msg.sender.type === 'app'
      ? { id: appId, id_type: 'app_id', sender_type: 'app', tenant_key: state.bot.tenantKey }
      : { id: msg.sender.id, id_type: 'open_id', sender_type: 'user', tenant_key: state.bot.tenantKey };
  const out: Record<string, unknown> = {
    message_id: msg.messageId,
    root_id: msg.rootId,
    parent_id: msg.parentId,
    msg_type: msg.msgType,
    create_time: String(msg.createTime),
    update_time: String(msg.updateTime),
    deleted: msg.deleted,
    updated: msg.updated,
    chat_id: msg.chatId,
    sender,
    body: { content: msg.content },
  };
  if (msg.mentions.length > 0) {
    out.mentions = msg.mentions.map((id, i) => ({
      key: `@_user_${i + 1}`,
      id,
      id_type: 'open_id',
      name: id === state.bot.openId ? state.bot.name : (state.users.get(id)?.name ?? ''),
      tenant_key: state.bot.tenantKey,
    }));
  }
  return out;
}
