import type { Tx } from '../../db/repos/transaction.js';

/** What a notification's view may hold: plain JSON, so the stored row renders the same card later. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [k: string]: Json };

/** A view as stored: money as decimal strings, times as ISO strings; no class instances. */
export type JsonView<T> = T extends Json ? T : never;

/**
 * The notification kinds and their views. Each area declares its own kinds beside the use cases that raise
 * them, by augmenting this interface, e.g. in `src/services/enforcement/notices.ts`:
 *
 *   declare module '../notifications/types.js' {
 *     interface NotificationViews { 'ark.ladder': ArkLadderNoticeView }
 *   }
 *
 * The Feishu edge must render every kind (its `renderers` map is typed against this one,
 * so a kind without a card does not compile).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NotificationViews {}

export type NotificationKind = keyof NotificationViews;

/** Language of one recipient's card; the configured default when absent. */
export type NoticeLocale = 'zh' | 'en';

/** Where one rendering goes: a new message to a chat or person, a reply, or an update of a sent card. */
export type NotificationTarget =
  | { kind: 'send'; receiveIdType: 'chat_id' | 'open_id'; receiveId: string; locale?: NoticeLocale }
  | { kind: 'reply'; messageId: string; inThread?: boolean; chatId?: string; locale?: NoticeLocale }
  | { kind: 'patch'; messageId: string; chatId?: string; locale?: NoticeLocale };

export type NotificationEvent<K extends NotificationKind = NotificationKind> = {
  kind: K;
  subject: { type: string; id: string };
  view: NotificationViews[K];
  recipients: readonly NotificationTarget[];
  /** "Tell once": a second event with this key writes nothing and returns the first one. */
  dedupeKey?: string;
  /** Messages with one order key are delivered in order (default: the chat or person addressed). */
  orderKey?: string;
};

/** The stored event and the outbox rows its cards became (empty when it had no recipient). */
export type EmittedNotification = { id: string; duplicate: boolean; outbox: string[] };

/**
 * Records a notification in the caller's transaction. Services see only this interface; the implementation
 * (rendering cards, enqueueing them) lives at the Feishu edge and is wired in `createDeps`.
 */
export interface Notifier {
  emit<K extends NotificationKind>(tx: Tx, event: NotificationEvent<K>): Promise<EmittedNotification>;
}
