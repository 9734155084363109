import { Like } from 'typeorm';
import { localeOf } from '../../../cards/i18n/index.js';
import { quotaRequestCard } from '../../../cards/quotaRequest.js';
import { quotaRequestOutcomeCard } from '../../../cards/quotaRequestOutcome.js';
import { FeishuOutboxMessage } from '../../db/entities/feishuOutboxMessage.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import type { Deps } from '../../deps.js';
import type { Locale } from '../texts.js';
import { requestView } from './requestCards.js';

/**
 * After a decision (or expiry): every copy already delivered — except the one whose click answer redrew
 * it (`cardMessageId`, recorded by the winning click before it publishes) — is patched to the decided
 * card, and the requester gets a DM with the outcome. Dedupe keys make this safe to call again from the
 * expiry sweep or a re-run: each patch and DM happens once. Copies still in the outbox are patched once
 * the relay has delivered them (polled here for a while; the expiry sweep catches the rest).
 */
export async function publishDecision(deps: Deps, request: QuotaRequestDto): Promise<void> {
  if (request.status === 'pending') return;
  const view = await requestView(deps, request);
  const unsent = await inTransaction(deps.db, async (tx) => {
    // Publishers of one request take turns on its row (a locking read, so the copies and dedupe keys read
    // next are those committed by the one before, under REPEATABLE READ too).
    const fresh = await deps.repos.quotaRequests.lockById(tx, request.id);
    const answered = fresh?.cardMessageId ?? request.cardMessageId;
    const copies = await tx
      .getRepository(FeishuOutboxMessage)
      .find({ where: { dedupeKey: Like(`qr:${request.id}:card:%`) } });
    for (const c of copies) {
      if (!c.feishuMessageId || c.feishuMessageId === answered) continue;
      const locale: Locale = c.dedupeKey?.endsWith(':en') ? 'en' : 'zh';
      await deps.outbox.enqueue(
        tx,
        { kind: 'patch', messageId: c.feishuMessageId, card: quotaRequestCard(view, locale) },
        // The copy's own order key: paced with (and after) the other messages of its chat.
        { dedupeKey: `qr:${request.id}:patch:${c.feishuMessageId}`, orderKey: c.orderKey },
      );
    }
    if (request.requester.startsWith('feishu:') && view.decision.state !== 'pending') {
      const openId = request.requester.slice('feishu:'.length);
      const member = await deps.repos.members.findByOpenId(tx, openId);
      const locale = localeOf(member?.locale, deps.config.locale);
      const card = quotaRequestOutcomeCard(
        { sub: view.sub, amount: view.amount, reason: view.reason, decision: view.decision },
        locale,
      );
      await deps.outbox.enqueue(
        tx,
        { kind: 'send', receiveIdType: 'open_id', receiveId: openId, body: { card } },
        { dedupeKey: `qr:${request.id}:outcome` },
      );
    }
    return copies.filter((c) => !c.feishuMessageId && c.status !== 'failed').length;
  });
  deps.outbox.notify();
  if (unsent > 0) followUp(deps, request);
}

const FOLLOW_UP_MS = 250;
const FOLLOW_UP_TRIES = 120;

/** Publishes again once the copies still queued have been delivered (in the background, bounded). */
function followUp(deps: Deps, request: QuotaRequestDto, tries = FOLLOW_UP_TRIES): void {
  const timer = setTimeout(() => {
    void (async () => {
      const waiting = await withReader(deps.db, (m) =>
        m
          .getRepository(FeishuOutboxMessage)
          .count({ where: { dedupeKey: Like(`qr:${request.id}:card:%`), status: 'pending' } }),
      );
      if (waiting > 0 && tries > 1) return followUp(deps, request, tries - 1);
      await publishDecision(deps, request);
    })().catch((err: unknown) =>
      deps.log.warn({ err, quotaRequestId: request.id }, 'request card follow-up failed'),
    );
  }, FOLLOW_UP_MS);
  timer.unref();
}
