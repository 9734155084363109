import Router from '@koa/router';
import { bodyOf, fail, feishuErrors, ok } from './responses.js';
import type { SimRuntime } from './runtime.js';
import type { SimChat } from './state.js';

/** im/v1/chats (the bot's groups, members) and contact/v3 user lookup. */
export function chatRoutes(rt: SimRuntime): Router {
  const r = new Router({ prefix: '/open-apis' });
  const { state } = rt;

  const chatOf = (id: string | undefined): SimChat => {
    const chat = id === undefined ? undefined : state.chats.get(id);
    if (!chat) fail(feishuErrors.invalidParam, 'chat_id not found');
    if (!chat.botIsMember) fail(feishuErrors.botNotInChat);
    return chat;
  };

  r.get('/im/v1/chats', (ctx) => {
    const groups = [...state.chats.values()].filter((c) => c.type === 'group' && c.botIsMember);
    const { items, pageToken, hasMore } = page(groups, ctx.query.page_size, ctx.query.page_token);
    ok(ctx, { items: items.map((c) => presentChat(rt, c)), page_token: pageToken, has_more: hasMore });
  });

  r.get('/im/v1/chats/:chat_id', (ctx) => {
    const chat = chatOf(ctx.params.chat_id);
    const { chat_id: _id, ...info } = presentChat(rt, chat);
    ok(ctx, {
      ...info,
      chat_mode: 'group',
      chat_type: chat.type === 'group' ? 'private' : 'p2p',
      user_count: String(chat.members.length),
    });
  });

  r.get('/im/v1/chats/:chat_id/members', (ctx) => {
    const chat = chatOf(ctx.params.chat_id);
    const { items, pageToken, hasMore } = page(chat.members, ctx.query.page_size, ctx.query.page_token);
    ok(ctx, {
      items: items.map((id) => ({
        member_id_type: 'open_id',
        member_id: id,
        name: state.users.get(id)?.name ?? '',
        tenant_key: state.bot.tenantKey,
      })),
      page_token: pageToken,
      has_more: hasMore,
      member_total: chat.members.length,
    });
  });

  r.post('/im/v1/chats/:chat_id/members', (ctx) => {
    const chat = chatOf(ctx.params.chat_id);
    const ids = bodyOf(ctx).id_list;
    if (!Array.isArray(ids)) fail(feishuErrors.fieldValidation, 'id_list is required');
    const invalid: string[] = [];
    for (const id of ids.map(String)) {
      const user = state.userByAnyId(id);
      if (!user) invalid.push(id);
      else if (!chat.members.includes(user.openId)) chat.members.push(user.openId);
    }
    ok(ctx, { invalid_id_list: invalid, not_existed_id_list: [], pending_approval_id_list: [] });
  });

  r.get('/contact/v3/users/:user_id', (ctx) => {
    const user = state.userByAnyId(ctx.params.user_id ?? '');
    if (!user) fail({ code: 41050, msg: 'no user authority error' });
    ok(ctx, {
      user: {
        open_id: user.openId,
        union_id: user.unionId,
        user_id: user.userId,
        name: user.name,
        en_name: user.name,
      },
    });
  });
  return r;
}

function presentChat(rt: SimRuntime, c: SimChat) {
  return {
    chat_id: c.chatId,
    name: c.name,
    avatar: '',
    description: '',
    owner_id: c.ownerId ?? c.members[0] ?? '',
    owner_id_type: 'open_id',
    external: false,
    tenant_key: rt.state.bot.tenantKey,
    chat_status: 'normal',
  };
}

function page<T>(
  all: T[],
  size: unknown,
  token: unknown,
): { items: T[]; pageToken: string; hasMore: boolean } {
  const n = Math.min(Math.max(Number(size) || 20, 1), 100);
  const start = Number(token) || 0;
  const items = all.slice(start, start + n);
  const hasMore = start + n < all.length;
  return { items, pageToken: hasMore ? String(start + n) : '', hasMore };
}
