import { Like, type EntityManager } from 'typeorm';
import { localeOf } from '../../../cards/i18n/index.js';
import {
  quotaRequestCard,
  type QuotaRequestDecision,
  type QuotaRequestView,
} from '../../../cards/quotaRequest.js';
import { FeishuOutboxMessage } from '../../db/entities/feishuOutboxMessage.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import type { Deps } from '../../deps.js';
import { getQuota } from '../../services/quota/getQuota.js';
import { readSettings } from '../../services/settings/getSettings.js';
import { figures, operatorNames, subRef } from '../chat/views.js';
import type { OutboxMessage } from '../outbox.js';
import type { Locale } from '../texts.js';

/**
 * The approval card's copies: one in the approvers' chat (the alert chat) or one per approver by DM, and
 * the requester's. Each copy is an outbox row whose dedupe key names the request, the place and the
 * language (`qr:<id>:card:<place>:<locale>`), so after a decision every copy can be found and updated
 * once, in its own language, whoever decided and however often the click was redelivered.
 */
const cardKey = (id: string, place: string, locale: Locale) => `qr:${id}:card:${place}:${locale}`;

/** The card's view of a request as it stands now. */
export async function requestView(
  deps: Deps,
  request: QuotaRequestDto,
  m?: EntityManager,
): Promise<QuotaRequestView> {
  const run = async (em: EntityManager) => {
    const names = await operatorNames(deps, em);
    const q = await getQuota(deps, { subAccountId: request.subAccountId });
    const entry = request.ledgerEntryId ? await deps.repos.ledger.findById(em, request.ledgerEntryId) : null;
    return {
      id: request.id,
      sub: subRef(q.subAccount),
      amount: request.amount,
      reason: request.reason,
      requester: names(request.requester),
      createdAt: request.createdAt,
      expiresAt: request.expiresAt,
      usage: figures(q.quota),
      decision: decision(request, names, entry?.balanceAfter ?? q.subAccount.balance),
    };
  };
  return m ? run(m) : withReader(deps.db, run);
}

function decision(
  r: QuotaRequestDto,
  names: (op: string | null) => string,
  newQuota: QuotaRequestView['usage']['quota'],
): QuotaRequestDecision {
  const at = r.decidedAt ?? r.expiresAt;
  switch (r.status) {
    case 'pending':
      return { state: 'pending' };
    case 'approved':
      return {
        state: 'approved',
        by: names(r.decidedBy),
        at,
        amount: r.approvedAmount ?? r.amount,
        newQuota,
        note: r.decisionNote,
      };
    case 'rejected':
      return { state: 'rejected', by: names(r.decidedBy), at, note: r.decisionNote };
    case 'expired':
      return { state: 'expired', at };
    case 'cancelled':
      return { state: 'cancelled', by: names(r.decidedBy), at };
  }
}

/**
 * Posts a new request's card to the approvers — the alert chat when one is set, else each approver
 * (settings, or every member with the approver role) by DM — and, when given, as the reply to the
 * requester's message. Idempotent: posting twice sends nothing new.
 */
export async function postRequestCards(
  deps: Deps,
  request: QuotaRequestDto,
  opts: { reply?: { messageId: string; chatId: string | undefined; locale: Locale } } = {},
): Promise<void> {
  const view = await requestView(deps, request);
  await inTransaction(deps.db, async (tx) => {
    const settings = await readSettings(deps.repos, tx);
    const copies: Array<{ key: string; message: (locale: Locale) => OutboxMessage; locale: Locale }> = [];
    const body = (locale: Locale) => ({ card: quotaRequestCard(view, locale) });
    if (opts.reply) {
      const { messageId, chatId, locale } = opts.reply;
      copies.push({
        key: cardKey(request.id, 'reply', locale),
        locale,
        message: (l) => ({ kind: 'reply', messageId, chatId, body: body(l) }),
      });
    }
    const inAlertChat = settings.alertChatId !== null && opts.reply?.chatId === settings.alertChatId;
    if (settings.alertChatId && !inAlertChat) {
      const chatId = settings.alertChatId;
      const locale = deps.config.locale;
      copies.push({
        key: cardKey(request.id, `chat:${chatId}`, locale),
        locale,
        message: (l) => ({ kind: 'send', receiveIdType: 'chat_id', receiveId: chatId, body: body(l) }),
      });
    } else if (!settings.alertChatId) {
      for (const a of await approvers(deps, tx, settings.approvers, request.requester)) {
        copies.push({
          key: cardKey(request.id, `dm:${a.openId}`, a.locale),
          locale: a.locale,
          message: (l) => ({ kind: 'send', receiveIdType: 'open_id', receiveId: a.openId, body: body(l) }),
        });
      }
    }
    for (const c of copies) await deps.outbox.enqueue(tx, c.message(c.locale), { dedupeKey: c.key });
  });
  deps.outbox.notify();
}

async function approvers(deps: Deps, tx: EntityManager, configured: readonly string[], requester: string) {
  const members = await deps.repos.members.list(tx);
  const byOpenId = new Map(members.map((m) => [m.openId, m]));
  const chosen = configured.length
    ? configured.map((openId) => ({ openId, locale: byOpenId.get(openId)?.locale }))
    : members
        .filter((m) => m.roles.includes('approver'))
        .map((m) => ({ openId: m.openId, locale: m.locale }));
  const fallback = chosen.length
    ? chosen
    : members.filter((m) => m.roles.includes('admin')).map((m) => ({ openId: m.openId, locale: m.locale }));
  return fallback
    .filter((a) => `feishu:${a.openId}` !== requester)
    .map((a) => ({ openId: a.openId, locale: localeOf(a.locale, deps.config.locale) }));
}

/** The language of the copy shown in message `messageId` (the configured one when unknown). */
export async function copyLocale(
  deps: Deps,
  requestId: string,
  messageId: string | undefined,
): Promise<Locale> {
  if (!messageId) return deps.config.locale;
  const rows = await withReader(deps.db, (m) =>
    m
      .getRepository(FeishuOutboxMessage)
      .find({ where: { dedupeKey: Like(`qr:${requestId}:card:%`), feishuMessageId: messageId } }),
  );
  const last = rows[0]?.dedupeKey?.split(':').at(-1);
  return last === 'en' || last === 'zh' ? last : deps.config.locale;
}
