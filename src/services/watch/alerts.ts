import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/repos/transaction.js';
import type { AlertDto, NewAlert } from '../../db/repos/alerts.js';
import type { Settings } from '../settings/schema.js';
import { watchRepo } from '../../db/repos/watch.js';
import type { NotificationKind, NotificationViews, NoticeLocale } from '../notifications/types.js';

export type Recipient = { receiveIdType: 'chat_id' | 'open_id'; receiveId: string };

/**
 * Where the watch's cards go: the configured alert chat and the sub-account's owner (privately). A critical
 * card passes the admins as `fallback`: when there is neither a chat nor an owner (no alert chat set, a synced
 * or imported sub-account), each admin gets it by direct message, so it never goes to no one.
 */
export function recipientsFor(
  settings: Pick<Settings, 'alertChatId'>,
  ownerOpenId: string | null | undefined,
  fallback: readonly string[] = [],
): Recipient[] {
  const out: Recipient[] = [];
  if (settings.alertChatId) out.push({ receiveIdType: 'chat_id', receiveId: settings.alertChatId });
  if (ownerOpenId) out.push({ receiveIdType: 'open_id', receiveId: ownerOpenId });
  if (out.length === 0)
    for (const openId of new Set(fallback)) out.push({ receiveIdType: 'open_id', receiveId: openId });
  return out;
}

/** What an alert tells people: a notification kind and its view (rendered into cards at the Feishu edge). */
export type AlertNotice = {
  [K in NotificationKind]: { kind: K; view: NotificationViews[K]; locale: NoticeLocale };
}[NotificationKind];

/**
 * Records an alert and its cards in the caller's transaction (A2): the alert row's unique dedupe key is
 * the "once" check, and the notice is a notification event keyed by the alert id, whose cards are outbox
 * rows, so the cards exist exactly when the alert does. Returns null when this alert was already raised
 * (nothing is written then).
 */
export async function raiseAlert(
  deps: Pick<Deps, 'repos' | 'clock' | 'notifier'>,
  tx: Tx,
  alert: NewAlert,
  notice: AlertNotice | null,
  recipients: readonly Recipient[],
): Promise<AlertDto | null> {
  const willSend = notice !== null && recipients.length > 0;
  const row = await deps.repos.alerts.insertOnce(
    tx,
    willSend ? alert : { ...alert, details: { ...alert.details, cards: [] } },
    deps.clock.now(),
  );
  if (!row || !notice || !willSend) return row;
  const emitted = await deps.notifier.emit(tx, {
    kind: notice.kind,
    subject: alert.subAccountId
      ? { type: 'sub_account', id: alert.subAccountId }
      : { type: 'account', id: alert.accountId ?? '-' },
    view: notice.view,
    recipients: recipients.map((r) => ({ kind: 'send' as const, ...r, locale: notice.locale })),
    dedupeKey: `alert:${row.id}`,
  });
  await watchRepo.setAlertCards(tx, row.id, { ...row.details, cards: emitted.outbox });
  return row;
}

/**
 * An alert's delivery follows its cards in the outbox, once none is pending: sent when at least one card
 * reached someone, failed when none did. An alert without a card (no recipient, or a silent first report)
 * reached nobody: it is failed, never delivered.
 */
export async function syncAlertDelivery(
  deps: Pick<Deps, 'repos' | 'clock'>,
  tx: Tx,
  since: Date,
): Promise<void> {
  const pending = await watchRepo.pendingAlerts(tx, since);
  const uuids = pending.flatMap((a) => alertCards(a.details));
  const status = await watchRepo.outboxStatuses(tx, uuids);
  const now = deps.clock.now();
  for (const a of pending) {
    const states = alertCards(a.details).map((u) => status.get(u));
    if (states.some((s) => s !== 'sent' && s !== 'failed')) continue;
    const reached = states.includes('sent');
    await deps.repos.alerts.setDelivery(tx, a.id, reached ? 'sent' : 'failed', now);
  }
}

/** The outbox uuids of an alert's cards, as raiseAlert stored them in its details. */
export function alertCards(details: Record<string, unknown>): string[] {
  const cards = details['cards'];
  return Array.isArray(cards) ? cards.filter((u): u is string => typeof u === 'string') : [];
}
