import type { Deps } from '../../deps.js';
import { inTransaction, withReader, writeAlone } from '../../db/repos/transaction.js';
import { urgentCallsRepo, type UrgentCallRow } from '../../db/repos/urgentCalls.js';
import type { OutboxRow } from '../../db/repos/outbox.js';
import { readSettings } from '../../services/settings/getSettings.js';
import type { NotificationTarget } from '../../services/notifications/types.js';
import type { FeishuClient } from '../client.js';
import { classifyFeishuError, errorFromBody, FeishuApiError } from '../errors.js';
import { onDelivered } from './delivered.js';

/** The alert cards that are buzzed (加急) when urgent alerts are on: a disable and a failed disable/enable. */
export const URGENT_KINDS: ReadonlySet<string> = new Set(['watch.disabled', 'watch.enforcementFailed']);

/** Attempts before a call is given up on and reported. */
export const URGENT_MAX_ATTEMPTS = 5;

export type UrgentMethod = 'urgent_app' | 'urgent_sms' | 'urgent_phone';

/** The notice an urgent call that kept failing leaves in the alert chat (or with the admins). */
export type UrgentFailedNoticeView = { method: UrgentMethod; reason: string; who: string[]; at: string };

declare module '../../services/notifications/types.js' {
  interface NotificationViews {
    'urgent.failed': UrgentFailedNoticeView;
  }
}

type UrgentDeps = Pick<Deps, 'db' | 'repos' | 'clock' | 'log' | 'notifier' | 'outbox'> & {
  feishu?: Pick<NonNullable<Deps['feishu']>, 'client'> | undefined;
};

/**
 * Urgent alerts: when the relay has delivered a disable or enforcement-failure card and the `urgentAlerts`
 * setting is on, an urgent call is owed for that message (a row, once per outbox message) to the
 * sub-account's owner and the admins — to the person a direct message went to. It is made at once, retried
 * with backoff when it fails for a reason that may pass, and after URGENT_MAX_ATTEMPTS (or a refusal that
 * will not pass) reported in the alert chat instead of dropped.
 */
export function registerUrgentAlerts(deps: UrgentDeps): void {
  onDelivered(deps.outbox, async (row, messageId) => {
    if (!messageId || !deps.feishu) return;
    const call = await owedCall(deps, row, messageId);
    if (call) await attempt(deps, deps.feishu.client, call);
  });
}

/** Makes the urgent calls that are due (the scheduler's retry pass). */
export async function runUrgentCalls(deps: UrgentDeps): Promise<number> {
  if (!deps.feishu) return 0;
  const due = await withReader(deps.db, (m) => urgentCallsRepo.due(m, deps.clock.now()));
  for (const call of due) await attempt(deps, deps.feishu.client, call);
  return due.length;
}

async function owedCall(deps: UrgentDeps, row: OutboxRow, messageId: string): Promise<UrgentCallRow | null> {
  const m = /^n:([0-9a-f-]{36}):/.exec(row.dedupeKey ?? '');
  if (!m) return null;
  return withReader(deps.db, async (db) => {
    const settings = await readSettings(deps.repos, db);
    if (settings.urgentAlerts === 'off') return null;
    const n = await deps.repos.notifications.get(db, m[1]!);
    if (!n || !URGENT_KINDS.has(n.kind)) return null;
    const sub =
      n.subjectType === 'sub_account' ? await deps.repos.subAccounts.findById(db, n.subjectId) : null;
    const admins = (await deps.repos.members.list(db))
      .filter((x) => x.roles.includes('admin'))
      .map((x) => x.openId);
    const target = row.payload as Partial<Extract<NotificationTarget, { kind: 'send' }>>;
    const people =
      target.receiveIdType === 'open_id' && target.receiveId
        ? [target.receiveId]
        : [...new Set([...(sub?.ownerOpenId ? [sub.ownerOpenId] : []), ...admins])];
    if (people.length === 0) return null;
    return urgentCallsRepo.insertOnce(
      db,
      {
        outboxUuid: row.uuid,
        notificationId: n.id,
        messageId,
        method: settings.urgentAlerts,
        openIds: people.slice(0, 200),
      },
      deps.clock.now(),
    );
  });
}

async function attempt(deps: UrgentDeps, client: FeishuClient, call: UrgentCallRow): Promise<void> {
  const now = () => deps.clock.now();
  const attempts = call.attempts + 1;
  try {
    const invalid = await buzz(client, call);
    await writeAlone(deps.db, (m) =>
      urgentCallsRepo.settle(
        m,
        call.id,
        call.attempts,
        { status: 'done', attempts, invalidOpenIds: invalid, lastError: null },
        now(),
      ),
    );
    if (invalid.length)
      deps.log.info(
        { messageId: call.messageId, invalid: invalid.length },
        'urgent call: some people are not in the chat',
      );
  } catch (err) {
    const e = classifyFeishuError(err);
    const giveUp = e.kind === 'permanent' || attempts >= URGENT_MAX_ATTEMPTS;
    if (!giveUp) {
      const delay = Math.min(300_000, 5_000 * 2 ** (attempts - 1));
      await writeAlone(deps.db, (m) =>
        urgentCallsRepo.settle(
          m,
          call.id,
          call.attempts,
          { attempts, nextAttemptAt: new Date(now().getTime() + delay), lastError: e.reason.slice(0, 500) },
          now(),
        ),
      );
      return;
    }
    await inTransaction(deps.db, async (tx) => {
      const settled = await urgentCallsRepo.settle(
        tx,
        call.id,
        call.attempts,
        { status: 'failed', attempts, lastError: e.reason.slice(0, 500) },
        now(),
      );
      if (!settled) return;
      deps.log.warn(
        { messageId: call.messageId, method: call.method, reason: e.reason },
        'urgent call failed',
      );
      const settings = await readSettings(deps.repos, tx);
      const members = await deps.repos.members.list(tx);
      const names = new Map(members.map((x) => [x.openId, x.name]));
      const recipients: NotificationTarget[] = settings.alertChatId
        ? [{ kind: 'send', receiveIdType: 'chat_id', receiveId: settings.alertChatId }]
        : members
            .filter((x) => x.roles.includes('admin'))
            .map((x) => ({ kind: 'send', receiveIdType: 'open_id', receiveId: x.openId }));
      await deps.notifier.emit(tx, {
        kind: 'urgent.failed',
        subject: { type: 'notification', id: call.notificationId },
        view: {
          method: call.method,
          reason: e.reason,
          who: call.openIds.map((id) => names.get(id) ?? id),
          at: now().toISOString(),
        },
        recipients,
        dedupeKey: `urgent-failed:${call.id}`,
      });
    });
  }
}

/** One urgent call through the SDK; returns the ids Feishu named not in the chat. */
async function buzz(client: FeishuClient, call: UrgentCallRow): Promise<string[]> {
  const payload = {
    path: { message_id: call.messageId },
    params: { user_id_type: 'open_id' as const },
    data: { user_id_list: call.openIds },
  };
  const message = client.sdk.im.v1.message;
  const once = async () => {
    let res: { code?: number; msg?: string; data?: { invalid_user_id_list?: string[] } };
    try {
      res =
        call.method === 'urgent_sms'
          ? await message.urgentSms(payload)
          : call.method === 'urgent_phone'
            ? await message.urgentPhone(payload)
            : await message.urgentApp(payload);
    } catch (err) {
      throw classifyFeishuError(err);
    }
    if (res.code !== 0) throw errorFromBody(res, 200);
    return res.data?.invalid_user_id_list ?? [];
  };
  try {
    return await once();
  } catch (err) {
    if (!(err instanceof FeishuApiError) || err.kind !== 'token') throw err;
    client.invalidateToken();
    return once();
  }
}
