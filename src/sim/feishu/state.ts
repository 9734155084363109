import { EventEmitter } from 'node:events';
import { newId } from './ids.js';
import { DOCUMENTED_SCOPES } from './scopes.js';

export type SimUser = { openId: string; unionId: string; userId: string; name: string; locale: 'zh' | 'en' };

export type SimChat = {
  chatId: string;
  name: string;
  type: 'group' | 'p2p';
  members: string[];
  botIsMember: boolean;
  ownerId?: string;
};

export type CardUpdate = {
  at: number;
  via: 'patch' | 'callback' | 'delayed';
  card: unknown;
  openIds?: string[];
};

/** One message in a chat, as the simulator stores it: the bot's (sender app) and the users'. */
export type SimMessage = {
  messageId: string;
  chatId: string;
  chatType: 'group' | 'p2p';
  sender: { type: 'app' | 'user'; id: string };
  msgType: string;
  /** The content string as Feishu stores it (for ephemeral cards: the card JSON stringified). */
  content: string;
  /** Current card JSON (after every update) for interactive messages. */
  card?: Record<string, unknown>;
  /** Plain text for text messages. */
  text?: string;
  rootId: string;
  parentId: string;
  uuid?: string;
  createTime: number;
  updateTime: number;
  updated: boolean;
  deleted: boolean;
  ephemeral: boolean;
  /** open_ids that can see the message; null = everyone in the chat. */
  visibleTo: string[] | null;
  updates: CardUpdate[];
  mentions: string[];
};

export type Toast = { type?: string; content?: string; i18n?: Record<string, string> };

export type FeedEntry =
  | { kind: 'message' | 'update' | 'recall'; messageId: string; chatId: string }
  | { kind: 'toast'; messageId: string; chatId: string; openId: string; toast: Toast };

/** A change in the tenant, numbered, so a watcher (the terminal chat) can ask "what happened since N". */
export type FeedItem = { seq: number; at: number } & FeedEntry;

export type CallbackToken = {
  token: string;
  messageId: string;
  openId: string;
  expiresAt: number;
  uses: number;
  answeredAt?: number;
};

export type Delivery = {
  eventId: string;
  eventType: string;
  attempt: number;
  at: number;
  transport: 'http' | 'ws';
  status: number;
  ms: number;
  error?: string;
};

/** Everything the simulated tenant holds. Plain maps; routes validate before they write. */
export class SimState {
  readonly users = new Map<string, SimUser>();
  readonly chats = new Map<string, SimChat>();
  readonly messages = new Map<string, SimMessage>();
  readonly uuids = new Map<string, { messageId: string; at: number }>();
  readonly cardTokens = new Map<string, CallbackToken>();
  readonly deliveries: Delivery[] = [];
  readonly feed: FeedItem[] = [];
  readonly changes = new EventEmitter();
  /** The app's granted scopes: events it has no scope for are never pushed (scopes.ts). */
  readonly scopes = new Set<string>(DOCUMENTED_SCOPES);
  private seq = 0;

  constructor(readonly bot: { openId: string; unionId: string; name: string; tenantKey: string }) {
    this.changes.setMaxListeners(0);
  }

  upsertUser(u: {
    openId: string;
    name: string;
    locale?: 'zh' | 'en';
    unionId?: string;
    userId?: string;
  }): SimUser {
    const prev = this.users.get(u.openId);
    const user: SimUser = {
      openId: u.openId,
      name: u.name,
      locale: u.locale ?? prev?.locale ?? 'zh',
      unionId: u.unionId ?? prev?.unionId ?? newId.unionId(),
      userId: u.userId ?? prev?.userId ?? newId.userId(),
    };
    this.users.set(user.openId, user);
    return user;
  }

  /** The p2p chat between a user and the bot, created on first use (as opening the bot's chat does). */
  p2pChatOf(openId: string): SimChat {
    for (const chat of this.chats.values()) {
      if (chat.type === 'p2p' && chat.members.includes(openId)) return chat;
    }
    const chat: SimChat = {
      chatId: newId.chat(),
      name: '',
      type: 'p2p',
      members: [openId],
      botIsMember: true,
    };
    this.chats.set(chat.chatId, chat);
    return chat;
  }

  userByAnyId(id: string): SimUser | undefined {
    const direct = this.users.get(id);
    if (direct) return direct;
    for (const u of this.users.values()) if (u.unionId === id || u.userId === id) return u;
    return undefined;
  }

  canSee(openId: string, msg: SimMessage): boolean {
    const chat = this.chats.get(msg.chatId);
    if (!chat?.members.includes(openId)) return false;
    return msg.visibleTo === null || msg.visibleTo.includes(openId);
  }

  record(item: FeedEntry, at: number): void {
    const full: FeedItem = { ...item, seq: ++this.seq, at };
    this.feed.push(full);
    if (this.feed.length > 5000) this.feed.splice(0, this.feed.length - 5000);
    this.changes.emit('change', full);
  }

  lastSeq(): number {
    return this.seq;
  }
}
