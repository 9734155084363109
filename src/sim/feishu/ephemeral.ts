import Router from '@koa/router';
import { checkCardObject } from './content.js';
import { newId } from './ids.js';
import { existing } from './messages.js';
import { bodyOf, fail, feishuErrors, ok } from './responses.js';
import { throttleChat, type SimRuntime } from './runtime.js';
import type { SimMessage } from './state.js';

/**
 * "仅特定人可见的消息卡片": a card in a group visible to one member. The SDK has no typed method;
 * the bot calls client.request. Body carries the card as an object, not a string.
 */
export function ephemeralRoutes(rt: SimRuntime): Router {
  const r = new Router({ prefix: '/open-apis/ephemeral/v1' });
  const { state, clock } = rt;

  r.post('/send', (ctx) => {
    const body = bodyOf(ctx);
    const chat = typeof body.chat_id === 'string' ? state.chats.get(body.chat_id) : undefined;
    if (!chat) fail(feishuErrors.invalidParam, 'chat_id not found');
    if (chat.type !== 'group') fail(feishuErrors.invalidParam, 'ephemeral cards are for group chats only');
    if (body.msg_type !== 'interactive') fail(feishuErrors.fieldValidation, 'msg_type must be interactive');
    const target = [body.open_id, body.user_id, body.email].find(
      (v): v is string => typeof v === 'string' && v !== '',
    );
    const user = target === undefined ? undefined : state.userByAnyId(target);
    if (!user) fail(feishuErrors.fieldValidation, 'open_id is required');
    const card = checkCardObject(body.card);
    if (!chat.botIsMember || !chat.members.includes(user.openId)) fail(feishuErrors.botNotInChat);
    throttleChat(rt, `chat:${chat.chatId}`);
    const now = clock.now();
    const msg: SimMessage = {
      messageId: newId.message(),
      chatId: chat.chatId,
      chatType: chat.type,
      sender: { type: 'app', id: rt.app.appId },
      msgType: 'interactive',
      content: JSON.stringify(card),
      card,
      rootId: '',
      parentId: '',
      createTime: now,
      updateTime: now,
      updated: false,
      deleted: false,
      ephemeral: true,
      visibleTo: [user.openId],
      updates: [],
      mentions: [],
    };
    state.messages.set(msg.messageId, msg);
    state.record({ kind: 'message', messageId: msg.messageId, chatId: chat.chatId }, now);
    ok(ctx, { message_id: msg.messageId });
  });

  r.post('/delete', (ctx) => {
    const body = bodyOf(ctx);
    const msg = existing(rt, typeof body.message_id === 'string' ? body.message_id : undefined);
    if (!msg.ephemeral) fail(feishuErrors.invalidParam, 'not an ephemeral card');
    msg.deleted = true;
    state.record({ kind: 'recall', messageId: msg.messageId, chatId: msg.chatId }, clock.now());
    ok(ctx, {});
  });
  return r;
}
