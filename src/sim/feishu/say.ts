import { messageEnvelope, menuEnvelope, type EnvelopeApp, type MentionInput } from './envelopes.js';
import type { EventPusher } from './events.js';
import { newId } from './ids.js';
import type { SimRuntime } from './runtime.js';
import type { SimChat, SimMessage, SimUser } from './state.js';

/** A mistake in a simulator admin request (unknown user, chat…); answered 400/404 by admin.ts. */
export class SimInputError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export type SayInput = { from: string; chatId?: string; text: string; mentions?: string[] };
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
 * im.message.receive_v1 in a p2p chat always, in a group only when @mentioned (Feishu's default
 * im:message.group_at_msg scope) and only if it is a member.
 */
export async function say(
  rt: SimRuntime,
  pusher: EventPusher,
  input: SayInput,
  opts: { groupAllMessages: boolean },
): Promise<SayResult> {
  const { state, clock } = rt;
  const user = userOf(rt, input.from);
  const chat: SimChat | undefined = input.chatId
    ? state.chats.get(input.chatId)
    : state.p2pChatOf(user.openId);
  if (!chat) throw new SimInputError(`unknown chat ${input.chatId}`, 404);
  if (!chat.members.includes(user.openId))
    throw new SimInputError(`${user.name} is not a member of ${chat.chatId}`);
  const { text, mentions } = placeMentions(rt, input.text, input.mentions ?? []);
  const now = clock.now();
  const msg: SimMessage = {
    messageId: newId.message(),
    chatId: chat.chatId,
    chatType: chat.type,
    sender: { type: 'user', id: user.openId },
    msgType: 'text',
    content: JSON.stringify({ text }),
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
  if (!chat.botIsMember || (chat.type === 'group' && !mentioned && !opts.groupAllMessages)) {
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

/**
 * Mentions become placeholders as in Feishu: "@AirGate ping" → "@_user_1 ping" with mentions[0]
 * naming the bot. Explicit mention ids without an "@Name" in the text are put in front.
 */
export function placeMentions(
  rt: SimRuntime,
  raw: string,
  ids: string[],
): { text: string; mentions: MentionInput[] } {
  const { state } = rt;
  const known = [
    { openId: state.bot.openId, unionId: state.bot.unionId, userId: '', name: state.bot.name },
    ...[...state.users.values()].map((u) => ({
      openId: u.openId,
      unionId: u.unionId,
      userId: u.userId,
      name: u.name,
    })),
  ];
  const wanted = [...ids];
  for (const k of known)
    if (k.name && raw.includes(`@${k.name}`) && !wanted.includes(k.openId)) wanted.push(k.openId);
  let text = raw;
  const prefix: string[] = [];
  const mentions: MentionInput[] = wanted.map((id, i) => {
    const who = known.find((k) => k.openId === id);
    if (!who) throw new SimInputError(`cannot mention unknown user ${id}`, 404);
    const key = `@_user_${i + 1}`;
    if (who.name && text.includes(`@${who.name}`)) text = text.replace(`@${who.name}`, key);
    else prefix.push(key);
    return { key, ...who };
  });
  return { text: prefix.length > 0 ? `${prefix.join(' ')} ${text}` : text, mentions };
}
