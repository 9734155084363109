import { messageEnvelope, menuEnvelope, type EnvelopeApp } from './envelopes.js';
import type { EventPusher } from './events.js';
import { newId } from './ids.js';
import type { SimRuntime } from './runtime.js';
import { messageEventAllowed } from './scopes.js';
import type { SimChat, SimMessage, SimUser } from './state.js';
import { placeMentions, userContent, type UserMsgType } from './userContent.js';

export { placeMentions } from './userContent.js';

/** A mistake in a simulator admin request (unknown user, chat…); answered 400/404 by admin.ts. */
export class SimInputError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export type SayInput = {
  from: string;
  chatId?: string;
  text: string;
  mentions?: string[];
  /** What kind of message (default text); a post is built from `text`, one paragraph per line. */
  msgType?: UserMsgType;
  /** A post's title. */
  title?: string;
};
export type SayResult = {
  eventId: string;
  messageId: string;
  chatId: string;
  status: number;
  delivered: boolean;
  error?: string;
};

const USER_AGENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Lark/7.20.0';

export function envelopeApp(rt: SimRuntime): EnvelopeApp {
  return {
    appId: rt.app.appId,
    verificationToken: rt.app.verificationToken,
    tenantKey: rt.state.bot.tenantKey,
  };
}

export function userOf(rt: SimRuntime, id: string): SimUser {
  const user = rt.state.userByAnyId(id) ?? [...rt.state.users.values()].find((u) => u.name === id);
  if (!user) throw new SimInputError(`unknown user ${id}; seed it first`, 404);
  return user;
}

/**
 * User U types TEXT in chat C. The message is stored in the chat; the bot gets
 * im.message.receive_v1 only if it is a member and its scopes cover the message (scopes.ts): a p2p
 * message with the DM scope, a group message when @mentioned (or with the all-group-messages scope).
 */
export async function say(rt: SimRuntime, pusher: EventPusher, input: SayInput): Promise<SayResult> {
  const { state, clock } = rt;
  const user = userOf(rt, input.from);
  const chat: SimChat | undefined = input.chatId
    ? state.chats.get(input.chatId)
    : state.p2pChatOf(user.openId);
  if (!chat) throw new SimInputError(`unknown chat ${input.chatId}`, 404);
  if (!chat.members.includes(user.openId))
    throw new SimInputError(`${user.name} is not a member of ${chat.chatId}`);
  const { text, mentions } = placeMentions(rt, input.text, input.mentions ?? []);
  const msgType = input.msgType ?? 'text';
  const now = clock.now();
  const msg: SimMessage = {
    messageId: newId.message(),
    chatId: chat.chatId,
    chatType: chat.type,
    sender: { type: 'user', id: user.openId },
    msgType,
    content: userContent(msgType, text, input.title),
    text,
    rootId: '',
    parentId: '',
    createTime: now,
    updateTime: now,
    updated: false,
    deleted: false,
    ephemeral: false,
    visibleTo: null,
    updates: [],
    mentions: mentions.map((m) => m.openId),
  };
  state.messages.set(msg.messageId, msg);
  state.record({ kind: 'message', messageId: msg.messageId, chatId: chat.chatId }, now);
  const base = { eventId: '', messageId: msg.messageId, chatId: chat.chatId };
  const mentioned = mentions.some((m) => m.openId === state.bot.openId);
  if (!chat.botIsMember || !messageEventAllowed(state.scopes, chat.type, mentioned)) {
    return { ...base, status: 0, delivered: false };
  }
  const eventId = newId.event();
  const envelope = messageEnvelope(envelopeApp(rt), {
    eventId,
    createTime: now,
    sender: user,
    message: {
      messageId: msg.messageId,
      createTime: now,
      chatId: chat.chatId,
      chatType: chat.type,
      messageType: msgType,
      content: msg.content,
      threadId: '',
      mentions,
      userAgent: USER_AGENT,
    },
  });
  const result = await pusher.pushEvent(envelope);
  const out: SayResult = { ...base, eventId, status: result.status, delivered: result.ok };
  if (result.error) out.error = result.error;
  return out;
}

/** The bot menu click (application.bot.menu_v6). */
export async function pressMenu(
  rt: SimRuntime,
  pusher: EventPusher,
  input: { from: string; eventKey: string },
) {
  const user = userOf(rt, input.from);
  const eventId = newId.event();
  const envelope = menuEnvelope(envelopeApp(rt), {
    eventId,
    createTime: rt.clock.now(),
    operator: user,
    eventKey: input.eventKey,
  });
  const result = await pusher.pushEvent(envelope);
  return {
    eventId,
    status: result.status,
    delivered: result.ok,
    ...(result.error ? { error: result.error } : {}),
  };
}
