import type { SimUser } from './state.js';

/**
 * Event bodies exactly as the platform lays them out (2.0 envelope, key order as in the published
 * vectors), so the compact JSON the simulator signs is byte-for-byte what Feishu would send.
 */
export type EnvelopeApp = { appId: string; verificationToken: string; tenantKey: string };

export type MentionInput = { key: string; openId: string; unionId: string; userId: string; name: string };

export type MessageEventInput = {
  eventId: string;
  createTime: number;
  sender: Pick<SimUser, 'openId' | 'unionId' | 'userId'>;
  message: {
    messageId: string;
    createTime: number;
    chatId: string;
    chatType: 'group' | 'p2p';
    /** text (default), post, image, file… */
    messageType?: string;
    content: string;
    rootId?: string;
    parentId?: string;
    threadId?: string;
    mentions?: MentionInput[];
    userAgent?: string;
  };
};

export function messageEnvelope(app: EnvelopeApp, e: MessageEventInput): Record<string, unknown> {
  const m = e.message;
  const message: Record<string, unknown> = {
    message_id: m.messageId,
    root_id: m.rootId ?? '',
    parent_id: m.parentId ?? '',
    create_time: String(m.createTime),
    update_time: String(m.createTime),
    chat_id: m.chatId,
  };
  if (m.threadId !== undefined) message.thread_id = m.threadId;
  Object.assign(message, {
    chat_type: m.chatType,
    message_type: m.messageType ?? 'text',
    content: m.content,
  });
  if (m.mentions && m.mentions.length > 0) {
    message.mentions = m.mentions.map((x) => ({
      key: x.key,
      id: { union_id: x.unionId, user_id: x.userId, open_id: x.openId },
      name: x.name,
      tenant_key: app.tenantKey,
    }));
  }
  if (m.userAgent !== undefined) message.user_agent = m.userAgent;
  return {
    schema: '2.0',
    header: header2(app, e.eventId, 'im.message.receive_v1', String(e.createTime)),
    event: {
      sender: {
        sender_id: { union_id: e.sender.unionId, user_id: e.sender.userId, open_id: e.sender.openId },
        sender_type: 'user',
        tenant_key: app.tenantKey,
      },
      message,
    },
  };
}

export function menuEnvelope(
  app: EnvelopeApp,
  e: {
    eventId: string;
    createTime: number;
    operator: Pick<SimUser, 'openId' | 'unionId' | 'userId'>;
    eventKey: string;
  },
): Record<string, unknown> {
  return {
    schema: '2.0',
    header: header2(app, e.eventId, 'application.bot.menu_v6', String(e.createTime)),
    event: {
      operator: {
        operator_id: { union_id: e.operator.unionId, user_id: e.operator.userId, open_id: e.operator.openId },
      },
      event_key: e.eventKey,
      timestamp: Math.floor(e.createTime / 1000),
    },
  };
}

export type CardActionInput = {
  eventId: string;
  /** card.action.trigger carries microseconds in header.create_time. */
  createTimeMicros: string;
  operator: Pick<SimUser, 'openId' | 'unionId' | 'userId'>;
  token: string;
  action: Record<string, unknown>;
  messageId: string;
  chatId: string;
  deliveryType?: string;
};

export function cardActionEnvelope(app: EnvelopeApp, e: CardActionInput): Record<string, unknown> {
  const event: Record<string, unknown> = {
    operator: {
      tenant_key: app.tenantKey,
      user_id: e.operator.userId,
      open_id: e.operator.openId,
      union_id: e.operator.unionId,
    },
    token: e.token,
    action: e.action,
    host: 'im_message',
  };
  if (e.deliveryType !== undefined) event.delivery_type = e.deliveryType;
  event.context = { open_message_id: e.messageId, open_chat_id: e.chatId };
  return {
    schema: '2.0',
    header: {
      event_id: e.eventId,
      token: app.verificationToken,
      create_time: e.createTimeMicros,
      event_type: 'card.action.trigger',
      tenant_key: app.tenantKey,
      app_id: app.appId,
    },
    event,
  };
}

export function challengeBody(verificationToken: string, challenge: string): Record<string, unknown> {
  return { challenge, token: verificationToken, type: 'url_verification' };
}

function header2(
  app: EnvelopeApp,
  eventId: string,
  eventType: string,
  createTime: string,
): Record<string, unknown> {
  return {
    event_id: eventId,
    event_type: eventType,
    create_time: createTime,
    token: app.verificationToken,
    app_id: app.appId,
    tenant_key: app.tenantKey,
  };
}
