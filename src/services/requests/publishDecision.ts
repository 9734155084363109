import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import { inTransaction, withReader, type Tx } from '../../db/repos/transaction.js';
import type { NoticeLocale } from '../notifications/types.js';
import { requestSubject, type QuotaRequestNoticeView, type RequestDeps } from './notices.js';
import { memberLocale, requestNotice } from './requestNotice.js';
import { queueApprovalCenterSync } from './approvalCenterSync.js';
import { stepTarget } from './approvers.js';
import type { RoutePerson } from './approverRoute.js';

export type Published = {
  /** The decided card's view (the answer to the click that decided redraws its copy with it). */
  view: QuotaRequestNoticeView;
  /** The language of the copy in `answeredMessageId`, when that message is one of the copies. */
  answeredLocale: NoticeLocale | undefined;
  /** Copies still queued for their first delivery: they are patched once delivered. */
  waiting: number;
};

/**
 * Publishes a decided request in `tx` (the decision's own transaction, or a later one for copies that were
 * still queued): every delivered copy of the approval card — except the one the deciding click redraws
 * (`cardMessageId`) — gets a patch to the decided card in its own language, and a Feishu requester a direct
 * message with the outcome. Each patch and the message carry a dedupe key, so publishing again tells no
 * one twice. The request is marked published once no copy is left waiting.
 */
export async function publishInTx(deps: RequestDeps, tx: Tx, request: QuotaRequestDto): Promise<Published> {
  const view = await requestNotice(deps, tx, request);
  await queueApprovalCenterSync(deps, tx, request);
  const copies = await deps.repos.quotaRequests.approvalCopies(tx, request.id, 'quotaRequest.card');
  const localeOf = (r: Record<string, unknown>): NoticeLocale =>
    r.locale === 'en' || r.locale === 'zh' ? r.locale : deps.config.locale;
  for (const c of copies) {
    if (!c.messageId || c.messageId === request.cardMessageId) continue;
    await deps.notifier.emit(tx, {
      kind: 'quotaRequest.update',
      subject: requestSubject(request.id),
      view,
      recipients: [{ kind: 'patch', messageId: c.messageId, locale: localeOf(c.recipient) }],
      dedupeKey: `quotaRequest:${request.id}:patch:${c.messageId}`,
      // Paced with (and after) the other messages of the copy's chat.
      orderKey: c.orderKey,
    });
  }
  if (request.requester.startsWith('feishu:') && view.decision.state !== 'pending') {
    const openId = request.requester.slice('feishu:'.length);
    const member = await deps.repos.members.findByOpenId(tx, openId);
    const { sub, amount, reason, decision } = view;
    await deps.notifier.emit(tx, {
      kind: 'quotaRequest.outcome',
      subject: requestSubject(request.id),
      view: { sub, amount, reason, decision },
      recipients: [
        {
          kind: 'send',
          receiveIdType: 'open_id',
          receiveId: openId,
          locale: memberLocale(member?.locale, deps.config.locale),
        },
      ],
      dedupeKey: `quotaRequest:${request.id}:outcome`,
    });
  }
  const waiting = copies.filter((c) => !c.messageId && c.status === 'pending').length;
  if (waiting === 0) await deps.repos.quotaRequests.markPublished(tx, request.id, deps.clock.now());
  const answered = copies.find((c) => c.messageId && c.messageId === request.cardMessageId);
  return { view, answeredLocale: answered ? localeOf(answered.recipient) : undefined, waiting };
}

/**
 * Publishes a step of a multi-step route in `tx` (the step's own transaction): every delivered copy of the
 * card but the clicked one (`answeredMessageId`, redrawn by the click's answer) is patched to show the step,
 * and the next step's person is sent the card by DM. The request stays pending: the final decision patches
 * every copy again, the clicked one included.
 */
export async function publishStepInTx(
  deps: RequestDeps,
  tx: Tx,
  request: QuotaRequestDto,
  next: RoutePerson,
  answeredMessageId: string | undefined,
): Promise<Published> {
  const view = await requestNotice(deps, tx, request);
  await queueApprovalCenterSync(deps, tx, request);
  const copies = await deps.repos.quotaRequests.approvalCopies(tx, request.id, 'quotaRequest.card');
  const localeOf = (r: Record<string, unknown>): NoticeLocale =>
    r.locale === 'en' || r.locale === 'zh' ? r.locale : deps.config.locale;
  const step = (request.stepApprovals ?? []).length;
  for (const c of copies) {
    if (!c.messageId || c.messageId === answeredMessageId) continue;
    await deps.notifier.emit(tx, {
      kind: 'quotaRequest.update',
      subject: requestSubject(request.id),
      view,
      recipients: [{ kind: 'patch', messageId: c.messageId, locale: localeOf(c.recipient) }],
      dedupeKey: `quotaRequest:${request.id}:step${step}:patch:${c.messageId}`,
      orderKey: c.orderKey,
    });
  }
  await deps.notifier.emit(tx, {
    kind: 'quotaRequest.card',
    subject: requestSubject(request.id),
    view,
    recipients: [await stepTarget(deps, tx, next.openId)],
    dedupeKey: `quotaRequest:${request.id}:card:step${step + 1}`,
  });
  const answered = copies.find((c) => c.messageId && c.messageId === answeredMessageId);
  return { view, answeredLocale: answered ? localeOf(answered.recipient) : undefined, waiting: 0 };
}

/** Publishes one decided request again (its row locked first: publishers of a request take turns). */
export async function republishQuotaRequest(deps: RequestDeps, id: string): Promise<Published | null> {
  return inTransaction(deps.db, async (tx) => {
    const fresh = await deps.repos.quotaRequests.lockById(tx, id);
    if (!fresh || fresh.status === 'pending' || fresh.publishedAt) return null;
    return publishInTx(deps, tx, fresh);
  });
}

const RECENT_MS = 24 * 3_600_000;

/**
 * The publishing sweep: decisions of the last day that have not reached every copy of their card (a copy
 * was still queued when the decision was taken, or the process stopped before its follow-up) are published
 * again. Returns how many requests got something new.
 */
export async function republishQuotaRequests(deps: RequestDeps): Promise<number> {
  const since = new Date(deps.clock.now().getTime() - RECENT_MS);
  const open = await withReader(deps.db, (m) => deps.repos.quotaRequests.listUnpublished(m, since));
  let published = 0;
  for (const r of open) if (await republishQuotaRequest(deps, r.id)) published++;
  return published;
}

const FOLLOW_UP_MS = 250;
const FOLLOW_UP_TRIES = 120;

/**
 * After a decision that found copies still queued: publishes again shortly, until they are delivered and
 * patched (bounded; the sweep catches whatever is left). Runs in the background of the caller.
 */
export function followUpDecision(deps: RequestDeps, id: string, tries = FOLLOW_UP_TRIES): void {
  const timer = setTimeout(() => {
    republishQuotaRequest(deps, id).then(
      (p) => {
        if (p && p.waiting > 0 && tries > 1) followUpDecision(deps, id, tries - 1);
      },
      (err: unknown) => deps.log.warn({ err, quotaRequestId: id }, 'request card follow-up failed'),
    );
  }, FOLLOW_UP_MS);
  timer.unref();
}

/**
 * Records the copy whose click decided `request` (its answer redraws that copy, so no patch updates it a
 * second time) and returns the request as it now stands.
 */
export async function recordAnswer(
  deps: Pick<RequestDeps, 'repos' | 'clock'>,
  tx: Tx,
  request: QuotaRequestDto,
  answeredMessageId: string | undefined,
): Promise<QuotaRequestDto> {
  if (!answeredMessageId) return request;
  await deps.repos.quotaRequests.setCardMessageId(tx, request.id, answeredMessageId, deps.clock.now());
  return { ...request, cardMessageId: answeredMessageId };
}

/**
 * Patches one copy of the approval card to the request as it stands, through the outbox: the copy a click
 * was to redraw itself (with the callback's delayed-update token) when that redraw could not be made — the
 * token refused, or the process stopped first. The publish left that copy out; without this it would keep
 * its buttons. Idempotent for one state of the request (a dedupe key with its version).
 */
export async function patchAnsweredCopy(deps: RequestDeps, id: string, messageId: string): Promise<void> {
  await inTransaction(deps.db, async (tx) => {
    const request = await deps.repos.quotaRequests.lockById(tx, id);
    if (!request) return;
    const view = await requestNotice(deps, tx, request);
    const copies = await deps.repos.quotaRequests.approvalCopies(tx, request.id, 'quotaRequest.card');
    const copy = copies.find((c) => c.messageId === messageId);
    const locale = copy?.recipient.locale;
    await deps.notifier.emit(tx, {
      kind: 'quotaRequest.update',
      subject: requestSubject(request.id),
      view,
      recipients: [
        {
          kind: 'patch',
          messageId,
          locale: locale === 'en' || locale === 'zh' ? locale : deps.config.locale,
        },
      ],
      dedupeKey: `quotaRequest:${request.id}:v${request.version}:answer:${messageId}`,
      ...(copy && { orderKey: copy.orderKey }),
    });
  });
}
