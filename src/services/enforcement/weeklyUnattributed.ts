import type { Deps } from '../../deps.js';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import { billDay } from '../../domain/billingPeriod.js';
import { toDecimalString } from '../../domain/money.js';
import type { Settings } from '../settings/schema.js';
import type { NoticeLocale } from '../notifications/types.js';
import { unattributedArkSpending, type UnattributedSpendingDeps } from './unattributedSpending.js';

export type WeeklyUnattributedDeps = UnattributedSpendingDeps & Pick<Deps, 'notifier' | 'log'>;
export type WeeklyUnattributedOutcome = 'posted' | 'nothing' | 'already' | 'no_chat' | 'unreadable';

const HOUR = 3_600_000;
const SHANGHAI = 8 * HOUR;

/**
 * The week a line belongs to: the Shanghai bill day of its Monday, counted from Monday 09:00 (the line
 * goes out at the start of a working week; before 09:00 it is still the previous week's).
 */
export function unattributedWeekOf(now: Date): string {
  const local = new Date(now.getTime() + SHANGHAI - 9 * HOUR);
  const sinceMonday = (local.getUTCDay() + 6) % 7;
  return billDay(new Date(now.getTime() - 9 * HOUR - sinceMonday * 24 * HOUR));
}

/**
 * Once a week, a line in the alert chat with the Ark spending no quota is charged for (issue: unattributed
 * spending is shown to admins on the dashboard and weekly in the alert chat). The notification's dedupe key
 * is the week, so it is sent once whichever process or cycle gets there first; a week with nothing
 * unattributed is recorded without a message. Nothing is recorded when a bill cannot be read: the next
 * cycle tries again.
 */
export async function postWeeklyUnattributed(
  deps: WeeklyUnattributedDeps,
  settings: Pick<Settings, 'alertChatId'>,
  locale: NoticeLocale,
): Promise<WeeklyUnattributedOutcome> {
  if (!settings.alertChatId) return 'no_chat';
  const dedupeKey = `ark.unattributedWeek:${unattributedWeekOf(deps.clock.now())}`;
  const seen = await withReader(deps.db, (m) => deps.repos.notifications.findByDedupeKey(m, dedupeKey));
  if (seen) return 'already';
  const u = await unattributedArkSpending(deps);
  if (u.failed.length > 0) return 'unreadable';
  const accounts = new Set(u.byProject.map((p) => p.account));
  const projects = u.byProject.map((p) => ({
    project: accounts.size > 1 ? `${p.account}/${p.project || '-'}` : p.project,
    amount: toDecimalString(p.amount),
  }));
  const chat = settings.alertChatId;
  const emitted = await inTransaction(deps.db, (tx) =>
    deps.notifier.emit(tx, {
      kind: 'ark.unattributedWeek',
      subject: { type: 'system', id: 'unattributed' },
      view: { since: u.since, until: u.until, amount: toDecimalString(u.total), projects },
      recipients: u.total.isZero()
        ? []
        : [{ kind: 'send', receiveIdType: 'chat_id', receiveId: chat, locale }],
      dedupeKey,
    }),
  );
  if (emitted.duplicate) return 'already';
  return u.total.isZero() ? 'nothing' : 'posted';
}
