import Router from '@koa/router';
import { checkContent, presentMessage } from './content.js';
import { newId } from './ids.js';
import { bodyOf, fail, feishuErrors, ok } from './responses.js';
import { throttleChat, throttleTenantSend, type SimRuntime } from './runtime.js';
import type { SimChat, SimMessage } from './state.js';

const UUID_WINDOW_MS = 60 * 60 * 1000;
const PATCH_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

/** im/v1/messages: send, reply, PATCH (card update), get, recall. */
export function messageRoutes(rt: SimRuntime): Router {
  const r = new Router({ prefix: '/open-apis/im/v1/messages' });
  const { state, clock } = rt;

  const deduped = (uuid: unknown): SimMessage | undefined => {
    if (typeof uuid !== 'string' || uuid === '') return undefined;
    if (uuid.length > 50) fail(feishuErrors.fieldValidation, 'uuid is at most 50 characters');
    const seen = state.uuids.get(uuid);
    return seen && seen.at > clock.now() - UUID_WINDOW_MS ? state.messages.get(seen.messageId) : undefined;
  };

  const post = (chat: SimChat, body: Record<string, unknown>, parent?: SimMessage): SimMessage => {
    const checked = checkContent(body.msg_type, body.content);
    if (!chat.botIsMember) fail(feishuErrors.botNotInChat);
    throttleChat(rt, `chat:${chat.chatId}`);
    throttleTenantSend(rt);
    const now = clock.now();
    const msg: SimMessage = {
      messageId: newId.message(),
      chatId: chat.chatId,
      chatType: chat.type,
      sender: { type: 'app', id: rt.app.appId },
      msgType: String(body.msg_type),
      content: checked.content,
      card: checked.card,
      text: checked.text,
      rootId: parent ? parent.rootId || parent.messageId : '',
      parentId: parent?.messageId ?? '',
      uuid: typeof body.uuid === 'string' && body.uuid !== '' ? body.uuid : undefined,
      createTime: now,
      updateTime: now,
      updated: false,
      deleted: false,
      ephemeral: false,
      visibleTo: null,
      updates: [],
      mentions: [],
    };
    state.messages.set(msg.messageId, msg);
    if (msg.uuid) state.uuids.set(msg.uuid, { messageId: msg.messageId, at: now });
    state.record({ kind: 'message', messageId: msg.messageId, chatId: msg.chatId }, now);
    return msg;
  };

  r.post('/', (ctx) => {
    const body = bodyOf(ctx);
    const chat = resolveReceiver(rt, String(ctx.query.receive_id_type ?? ''), body.receive_id);
    const again = deduped(body.uuid);
    const msg = again ?? post(chat, body);
    ok(ctx, presentMessage(msg, rt.app.appId, state));
  });

  r.post('/:message_id/reply', (ctx) => {
    const body = bodyOf(ctx);
    const parent = existing(rt, ctx.params.message_id);
    if (parent.ephemeral) fail(feishuErrors.invalidParam, 'an ephemeral card cannot be replied to');
    const chat = state.chats.get(parent.chatId);
    if (!chat) fail(feishuErrors.invalidParam, 'chat not found');
    const again = deduped(body.uuid);
    ok(ctx, presentMessage(again ?? post(chat, body, parent), rt.app.appId, state));
  });

  r.patch('/:message_id', (ctx) => {
    const msg = existing(rt, ctx.params.message_id);
    if (msg.sender.type !== 'app') fail(feishuErrors.noPermission, 'only the sender may update a message');
    if (msg.ephemeral) fail(feishuErrors.invalidParam, 'ephemeral cards cannot be updated with PATCH');
    if (msg.msgType !== 'interactive')
      fail(feishuErrors.invalidParam, 'only cards can be updated with PATCH');
    if (clock.now() - msg.createTime > PATCH_WINDOW_MS) fail(feishuErrors.tooOld);
    const checked = checkContent('interactive', bodyOf(ctx).content);
    throttleChat(rt, `msg:${msg.messageId}`, rt.limits.perMessageQps);
    applyCard(rt, msg, checked.card ?? {}, 'patch');
    ok(ctx, {});
  });

  r.get('/:message_id', (ctx) => {
    const msg = existing(rt, ctx.params.message_id, { allowDeleted: true });
    ok(ctx, { items: [presentMessage(msg, rt.app.appId, state)] });
  });

  r.delete('/:message_id', (ctx) => {
    const msg = existing(rt, ctx.params.message_id);
    if (msg.sender.type !== 'app') fail(feishuErrors.noPermission, 'only the sender may recall a message');
    msg.deleted = true;
    state.record({ kind: 'recall', messageId: msg.messageId, chatId: msg.chatId }, clock.now());
    ok(ctx, {});
  });
  return r;
}

export function existing(
  rt: SimRuntime,
  id: string | undefined,
  opts: { allowDeleted?: boolean } = {},
): SimMessage {
  const msg = id === undefined ? undefined : rt.state.messages.get(id);
  if (!msg) fail(feishuErrors.invalidParam, 'message_id not found');
  if (msg.deleted && !opts.allowDeleted) fail(feishuErrors.recalled);
  return msg;
}

/** Replaces a message's card and records the update (PATCH, callback answer or delayed update). */
export function applyCard(
  rt: SimRuntime,
  msg: SimMessage,
  card: Record<string, unknown>,
  via: 'patch' | 'callback' | 'delayed',
): void {
  const now = rt.clock.now();
  msg.card = card;
  msg.content = JSON.stringify(card);
  msg.updated = true;
  msg.updateTime = now;
  msg.updates.push({ at: now, via, card });
  rt.state.record({ kind: 'update', messageId: msg.messageId, chatId: msg.chatId }, now);
}

function resolveReceiver(rt: SimRuntime, idType: string, receiveId: unknown): SimChat {
  if (typeof receiveId !== 'string' || receiveId === '')
    fail(feishuErrors.fieldValidation, 'receive_id is required');
  if (idType === 'chat_id') {
    const chat = rt.state.chats.get(receiveId);
    if (!chat) fail(feishuErrors.invalidParam, 'receive_id: chat not found');
    return chat;
  }
  if (idType === 'open_id' || idType === 'union_id' || idType === 'user_id') {
    const user = rt.state.userByAnyId(receiveId);
    if (!user) fail(feishuErrors.noAvailability);
    return rt.state.p2pChatOf(user.openId);
  }
  return fail(feishuErrors.fieldValidation, 'receive_id_type must be open_id, union_id, user_id or chat_id');
}
