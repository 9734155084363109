import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import type { Tx } from '../../db/repos/transaction.js';
import type { NoticeLocale, NotificationTarget } from '../notifications/types.js';
import { readSettings } from '../settings/getSettings.js';
import { memberLocale } from './requestNotice.js';
import type { RequestDeps } from './notices.js';

/** The requester's own message the card answers (a chat command), in the language they used. */
export type RequestReply = { messageId: string; chatId: string | undefined; locale: NoticeLocale };

/**
 * Where a new request's card goes: the alert chat when one is set (unless the request was typed there, where
 * the reply is the chat's copy), else each approver by DM — the configured approvers, or every member with
 * the approver role, or failing those the admins — never the requester; and the reply to the requester's
 * message when there is one. On a department route the first step's person (the department's leader, or
 * the leader's leader when the leader asked) gets it by DM too, wherever the chat copy goes: the card
 * follows the department, and the next step's person is sent it when their turn comes (stepTarget).
 */
export async function approvalTargets(
  deps: Pick<RequestDeps, 'repos' | 'config'>,
  tx: Tx,
  request: QuotaRequestDto,
  reply: RequestReply | undefined,
): Promise<NotificationTarget[]> {
  const settings = await readSettings(deps.repos, tx);
  const targets: NotificationTarget[] = [];
  if (reply) {
    const { messageId, chatId, locale } = reply;
    targets.push({ kind: 'reply', messageId, ...(chatId ? { chatId } : {}), locale });
  }
  const chatId = settings.alertChatId;
  const first = request.route?.source === 'department' ? request.route.steps[0] : undefined;
  if (first) {
    if (chatId && reply?.chatId !== chatId)
      targets.push({ kind: 'send', receiveIdType: 'chat_id', receiveId: chatId, locale: deps.config.locale });
    targets.push(await stepTarget(deps, tx, first.openId));
    return targets;
  }
  if (chatId && reply?.chatId === chatId) return targets;
  if (chatId) {
    targets.push({ kind: 'send', receiveIdType: 'chat_id', receiveId: chatId, locale: deps.config.locale });
    return targets;
  }
  const members = await deps.repos.members.list(tx);
  const byOpenId = new Map(members.map((m) => [m.openId, m]));
  const withRole = (role: 'approver' | 'admin') => members.filter((m) => m.roles.includes(role));
  const configured = settings.approvers.map((openId) => ({ openId, locale: byOpenId.get(openId)?.locale }));
  const chosen = configured.length ? configured : withRole('approver');
  for (const a of chosen.length ? chosen : withRole('admin')) {
    if (`feishu:${a.openId}` === request.requester) continue;
    targets.push({
      kind: 'send',
      receiveIdType: 'open_id',
      receiveId: a.openId,
      locale: memberLocale(a.locale, deps.config.locale),
    });
  }
  return targets;
}

/** A route step's person, by DM in their own language. */
export async function stepTarget(
  deps: Pick<RequestDeps, 'repos' | 'config'>,
  tx: Tx,
  openId: string,
): Promise<NotificationTarget> {
  const member = await deps.repos.members.findByOpenId(tx, openId);
  return {
    kind: 'send',
    receiveIdType: 'open_id',
    receiveId: openId,
    locale: memberLocale(member?.locale, deps.config.locale),
  };
}
