import Router from '@koa/router';
import type { Context } from 'koa';
import { bodyOf, fail, FeishuApiError, ok, type FeishuError } from './responses.js';
import type { SimRuntime } from './runtime.js';
import type { SimState } from './state.js';

/**
 * Buzz messages (加急): PATCH /open-apis/im/v1/messages/:message_id/urgent_app | urgent_sms | urgent_phone
 * with `?user_id_type=` and `{user_id_list}`, answering `{invalid_user_id_list}` (open platform reference
 * "发送应用内加急 / 短信加急 / 电话加急", and the SDK's `im.v1.message.urgentApp/urgentSms/urgentPhone`).
 *
 * Copied from the reference: only a message the bot itself sent (230012); the bot must be in the chat
 * (230002); a recalled message 230110; users not in the message's chat are returned in
 * `invalid_user_id_list` and only the others are buzzed — all of them invalid is 230001; list of at most 200;
 * a user with 200 unread urgent messages 230023; the tenant's SMS/phone buzz quota exhausted 230024; batch
 * messages (bm_…) cannot be buzzed. Scopes (any one of each pair): `im:message.urgent` /
 * `im:message.urgent:app_send`, `im:message.urgent:sms` / `…:sms_send`, `im:message.urgent:phone` /
 * `…:phone_send`.
 *
 * Unverified (harsher choices): a missing scope is 99991672 with HTTP 400 (the generic error table names
 * the code, not the status); a missing or unknown `user_id_type` is 99992402 (the reference calls it
 * required, with default open_id); an ephemeral card cannot be buzzed (230001). The tenant's SMS and phone
 * quota is a simulator setting (`/__sim/urgent/settings`), default 100 each.
 */
export type UrgentKind = 'app' | 'sms' | 'phone';

export const URGENT_SCOPES: Record<UrgentKind, readonly string[]> = {
  app: ['im:message.urgent', 'im:message.urgent:app_send'],
  sms: ['im:message.urgent:sms', 'im:message.urgent:sms_send'],
  phone: ['im:message.urgent:phone', 'im:message.urgent:phone_send'],
};

export const urgentErrors = {
  notSender: { code: 230012, msg: 'Bot is NOT the sender of the message.' },
  botOutside: { code: 230002, msg: 'The bot can not be outside the group.' },
  tooManyUnread: { code: 230023, msg: 'The user has too many unread urgent messages.' },
  quotaExceeded: { code: 230024, msg: 'Reach the upper limit of urgent message.' },
  deleted: { code: 230110, msg: 'Action unavailable as the message has been deleted.' },
  invalidParam: { code: 230001, msg: 'Your request contains an invalid request parameter.' },
  fieldValidation: { code: 99992402, msg: 'field validation failed' },
} as const satisfies Record<string, FeishuError>;

/** One buzz as the simulated tenant recorded it. */
export type UrgentRecord = { messageId: string; kind: UrgentKind; openIds: string[]; at: number };

export type UrgentSimSettings = { smsQuota: number; phoneQuota: number; maxUnreadPerUser: number };

type UrgentState = { buzzes: UrgentRecord[]; settings: UrgentSimSettings; unread: Map<string, number> };

const states = new WeakMap<SimState, UrgentState>();

export function urgentStateOf(state: SimState): UrgentState {
  let s = states.get(state);
  if (!s) {
    s = {
      buzzes: [],
      settings: { smsQuota: 100, phoneQuota: 100, maxUnreadPerUser: 200 },
      unread: new Map(),
    };
    states.set(state, s);
  }
  return s;
}

/**
 * The scope check in front of an API: the app must hold one of `anyOf`. Unverified: the status (400) and the
 * message's wording follow what Feishu is seen to answer for 99991672.
 */
export function requireAnyScope(rt: SimRuntime, anyOf: readonly string[]): void {
  if (anyOf.some((s) => rt.state.scopes.has(s))) return;
  throw new FeishuApiError({
    code: 99991672,
    msg: `Access denied. One of the following scopes is required: [${anyOf.join(', ')}].`,
  });
}

export function urgentRoutes(rt: SimRuntime): Router {
  const r = new Router({ prefix: '/open-apis/im/v1/messages' });
  for (const kind of ['app', 'sms', 'phone'] as const) {
    r.patch(`/:message_id/urgent_${kind}`, (ctx) => buzz(rt, ctx, kind));
  }
  return r;
}

function buzz(rt: SimRuntime, ctx: Context, kind: UrgentKind): void {
  requireAnyScope(rt, URGENT_SCOPES[kind]);
  const s = urgentStateOf(rt.state);
  const idType = String(ctx.query.user_id_type ?? '');
  if (!['open_id', 'union_id', 'user_id'].includes(idType))
    fail(urgentErrors.fieldValidation, 'user_id_type must be open_id, union_id or user_id');
  const list = bodyOf(ctx).user_id_list;
  if (!Array.isArray(list) || list.length === 0 || list.some((u) => typeof u !== 'string'))
    fail(urgentErrors.fieldValidation, 'user_id_list is required');
  if (list.length > 200) fail(urgentErrors.fieldValidation, 'user_id_list has at most 200 ids');
  const id = ctx.params.message_id ?? '';
  if (id.startsWith('bm_')) fail(urgentErrors.invalidParam, 'batch messages cannot be buzzed');
  const msg = rt.state.messages.get(id);
  if (!msg) fail(urgentErrors.invalidParam, 'message_id not found');
  if (msg.deleted) fail(urgentErrors.deleted);
  if (msg.sender.type !== 'app' || msg.sender.id !== rt.app.appId) fail(urgentErrors.notSender);
  if (msg.ephemeral) fail(urgentErrors.invalidParam, 'an ephemeral card cannot be buzzed');
  const chat = rt.state.chats.get(msg.chatId);
  if (!chat) fail(urgentErrors.invalidParam, 'chat not found');
  if (chat.type === 'group' && !chat.botIsMember) fail(urgentErrors.botOutside);

  const valid: string[] = [];
  const invalid: string[] = [];
  for (const given of list as string[]) {
    const user = rt.state.userByAnyId(given);
    const matchesType =
      user &&
      ((idType === 'open_id' && user.openId === given) ||
        (idType === 'union_id' && user.unionId === given) ||
        (idType === 'user_id' && user.userId === given));
    if (user && matchesType && chat.members.includes(user.openId)) valid.push(user.openId);
    else invalid.push(given);
  }
  if (valid.length === 0) fail(urgentErrors.invalidParam, 'no user in user_id_list is in the chat');
  for (const openId of valid) {
    if ((s.unread.get(openId) ?? 0) >= s.settings.maxUnreadPerUser) fail(urgentErrors.tooManyUnread);
  }
  if (kind !== 'app') {
    const key = kind === 'sms' ? 'smsQuota' : 'phoneQuota';
    if (s.settings[key] < valid.length) fail(urgentErrors.quotaExceeded);
    s.settings[key] -= valid.length;
  }
  for (const openId of valid) s.unread.set(openId, (s.unread.get(openId) ?? 0) + 1);
  s.buzzes.push({ messageId: msg.messageId, kind, openIds: valid, at: rt.clock.now() });
  ok(ctx, { invalid_user_id_list: invalid });
}

/** /__sim/urgent: what was buzzed, and the tenant's quota (tests and the sandbox read and set these). */
export function urgentAdminRoutes(rt: SimRuntime): Router {
  const r = new Router({ prefix: '/__sim/urgent' });
  r.get('/', (ctx) => {
    const messageId = typeof ctx.query.messageId === 'string' ? ctx.query.messageId : undefined;
    ctx.body = urgentStateOf(rt.state).buzzes.filter((b) => !messageId || b.messageId === messageId);
  });
  r.get('/settings', (ctx) => void (ctx.body = urgentStateOf(rt.state).settings));
  r.put('/settings', (ctx) => {
    const s = urgentStateOf(rt.state).settings;
    const b = bodyOf(ctx);
    for (const k of ['smsQuota', 'phoneQuota', 'maxUnreadPerUser'] as const) {
      const v = b[k];
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) s[k] = v;
    }
    ctx.body = s;
  });
  return r;
}
