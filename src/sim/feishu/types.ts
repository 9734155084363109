import type { ApprovalCenterSim } from './approval.js';
import type { ClickInput, ClickResult } from './callbacks.js';
import type { ContactSim } from './contact.js';
import type { Answer, PushConnections } from './events.js';
import type { FaultSettings, Faults } from './faults.js';
import type { SayInput, SayResult } from './say.js';
import type { Delivery, FeedItem, SimChat, SimMessage, SimUser } from './state.js';
import type { SimApp } from './token.js';
import type { WsClientConfig } from './ws.js';

/** The simulator's public surface (startFeishuSim in server.ts returns a FeishuSim). */
export type FeishuSimOptions = {
  port?: number;
  host?: string;
  app?: SimApp;
  botOpenId?: string;
  botName?: string;
  tenantKey?: string;
  eventUrl?: string;
  retrySchedule?: number[];
  ackTimeoutMs?: number;
  /** Clock of X-Lark-Request-Timestamp: real (default; the bot compares it with its own clock) or virtual. */
  headerClock?: 'real' | 'virtual';
  /** Whether a retried push repeats the first one's timestamp and signature (default, unverified) or is signed anew. */
  retryHeaders?: 'original' | 'fresh';
  /** Whether pushes reuse a kept-alive connection (default, unverified) or open one each (events.ts). */
  pushConnections?: PushConnections;
  rateLimits?: {
    perChatQps?: number;
    perMessageQps?: number;
    perAppPerSecond?: number;
    perAppPerMin?: number;
    tenantSendPerSecond?: number;
  };
  /** HTTP status of 230020 answers; Feishu's error table says 400. */
  chatLimitStatus?: 200 | 400;
  /** Deliver every group message, as with the "read all group messages" scope (default: @mentions only). */
  groupAllMessages?: boolean;
  /** The app's granted scopes (default: the set the setup guide documents, see scopes.ts). */
  scopes?: string[];
  /** Seed of the random source behind errorRate. */
  seed?: number;
  ws?: Partial<WsClientConfig>;
};

export type MessageFilter = { chatId?: string; openId?: string; from?: 'bot' | 'users' | 'all' };

export type FeishuSim = {
  url: string;
  app: SimApp;
  bot: { openId: string; unionId: string; name: string; tenantKey: string };
  seedUsers(
    users: Array<{ openId: string; name: string; locale?: 'zh' | 'en'; unionId?: string; userId?: string }>,
  ): void;
  seedChat(chat: {
    chatId: string;
    name: string;
    type: 'group' | 'p2p';
    members: string[];
    botIsMember?: boolean;
  }): void;
  setEventUrl(url: string): void;
  eventUrl(): string | undefined;
  say(input: SayInput): Promise<SayResult>;
  /** The app's granted scopes; events they do not cover are not pushed. */
  scopes(): string[];
  setScopes(scopes: readonly string[]): void;
  click(input: ClickInput): Promise<ClickResult>;
  menu(input: {
    from: string;
    eventKey: string;
  }): Promise<{ eventId: string; status: number; delivered: boolean }>;
  /** Messages the bot sent (from: 'bot', default), the users' ('users') or both, oldest first. */
  messages(filter?: MessageFilter): SimMessage[];
  message(messageId: string): SimMessage | undefined;
  users(): SimUser[];
  chats(): SimChat[];
  feed(after: number, filter?: { openId?: string; chatId?: string }): FeedItem[];
  /** Number of the latest change; feed(lastSeq()) returns only what happens next. */
  lastSeq(): number;
  waitForChange(timeoutMs: number, until: () => boolean): Promise<void>;
  deliveries(eventId?: string): Delivery[];
  verifyUrl(): Promise<Answer & { ok: boolean }>;
  setFaults(f: FaultSettings): void;
  faults(): FaultSettings & { counts: Faults['counts'] };
  now(): number;
  advance(ms: number): Promise<void>;
  tokensIssued(): number;
  revokeTokens(): void;
  wsConnections(): number;
  dropWsConnections(): void;
  close(): Promise<void>;
  /** The approval centre's third-party approvals (approval.ts). */
  approval: ApprovalCenterSim;
  /** The org chart (contact.ts). */
  contact: ContactSim;
};
