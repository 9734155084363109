import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Tx } from '../../db/repos/transaction.js';
import { notificationsRepo } from '../../db/repos/notifications.js';
import type {
  EmittedNotification,
  NotificationEvent,
  NotificationKind,
  NotificationTarget,
  NotificationViews,
  Notifier,
  NoticeLocale,
} from '../../services/notifications/types.js';
import type { CardJson } from '../../../cards/lib/types.js';
import type { FeishuOutbox, OutboxMessage } from '../outbox.js';

/** Turns one kind's stored view into the card one recipient reads, in that recipient's language. */
export type Renderer<K extends NotificationKind> = (
  view: NotificationViews[K],
  locale: NoticeLocale,
) => CardJson;

/** A card for every kind: a kind without one does not compile. */
export type Renderers = { [K in NotificationKind]: Renderer<K> };

export type NotifierOptions = {
  outbox: FeishuOutbox;
  clock: Clock;
  renderers: Renderers;
  /** The language of a recipient that states none (the configured default). */
  defaultLocale: NoticeLocale;
};

/**
 * The Feishu side of notifications: `emit` stores the event row, renders one card per recipient and
 * language from the view as stored (a JSON round trip, so a later re-render shows the same card), and
 * enqueues each in the outbox — all in the caller's transaction, so the message exists exactly when the
 * change does. The outbox wakes its relay after the commit.
 */
export function createFeishuNotifier(opts: NotifierOptions): Notifier {
  return {
    async emit<K extends NotificationKind>(
      tx: Tx,
      event: NotificationEvent<K>,
    ): Promise<EmittedNotification> {
      const stored = JSON.parse(JSON.stringify(event.view)) as NotificationViews[K];
      // The cards' uuids are chosen first and stored with the event, so that it is written once, not
      // written and then updated with them.
      const planned = event.recipients.map(() => randomUUID());
      const { row, duplicate } = await notificationsRepo.insertOnce(
        tx,
        {
          kind: event.kind,
          subjectType: event.subject.type,
          subjectId: event.subject.id,
          view: stored as unknown as Record<string, unknown>,
          recipients: [...event.recipients],
          dedupeKey: event.dedupeKey ? event.dedupeKey.slice(0, 191) : null,
          outbox: planned,
        },
        opts.clock.now(),
      );
      if (duplicate) return { id: row.id, duplicate: true, outbox: row.outbox };
      const render = opts.renderers[event.kind] as Renderer<K>;
      const cards = new Map<NoticeLocale, CardJson>();
      const outbox: string[] = [];
      for (const [i, target] of event.recipients.entries()) {
        const locale = target.locale ?? opts.defaultLocale;
        let card = cards.get(locale);
        if (!card) cards.set(locale, (card = render(stored, locale)));
        const sent = await opts.outbox.enqueue(tx, outboxMessage(target, card), {
          uuid: planned[i]!,
          dedupeKey: `n:${row.id}:${targetKey(target)}`.slice(0, 191),
          ...(event.orderKey ? { orderKey: event.orderKey } : {}),
        });
        outbox.push(sent.uuid);
      }
      // Two recipients with one address share a card: the second enqueue found the first one's row.
      if (outbox.some((uuid, i) => uuid !== planned[i]))
        await notificationsRepo.setOutbox(tx, row.id, outbox);
      return { id: row.id, duplicate: false, outbox };
    },
  };
}

function outboxMessage(t: NotificationTarget, card: CardJson): OutboxMessage {
  const body = { card: card as unknown as Record<string, unknown> };
  switch (t.kind) {
    case 'send':
      return { kind: 'send', receiveIdType: t.receiveIdType, receiveId: t.receiveId, body };
    case 'reply':
      return {
        kind: 'reply',
        messageId: t.messageId,
        body,
        ...(t.inThread !== undefined ? { inThread: t.inThread } : {}),
        ...(t.chatId ? { chatId: t.chatId } : {}),
      };
    case 'patch':
      return {
        kind: 'patch',
        messageId: t.messageId,
        card: body.card,
        ...(t.chatId ? { chatId: t.chatId } : {}),
      };
  }
}

function targetKey(t: NotificationTarget): string {
  return t.kind === 'send' ? `${t.receiveIdType}:${t.receiveId}` : `${t.kind}:${t.messageId}`;
}
