import { operatorNamerFor } from '../members/operatorNames.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import type { Tx } from '../../db/repos/transaction.js';
import { knownSpend, quotaStatus } from '../../domain/quota.js';
import { MoneyDecimal, toDecimalString, type Money } from '../../domain/money.js';
import { hoursFor, storedBurn } from '../spending/storedBurn.js';
import { NotFoundError } from '../../errors.js';
import type { NoticeLocale } from '../notifications/types.js';
import type { QuotaRequestNoticeView, RequestDecisionNotice, RequestDeps, RouteNotice } from './notices.js';
import type { ApproverRoute } from './approverRoute.js';
import { stepState } from './requestSteps.js';

const amount = (m: Money) => (m.isFinite() ? toDecimalString(m) : 'Infinity');

/**
 * The approval card's view of `request` as `tx` sees it (read in the transaction that changes the request,
 * so the card shows exactly what was committed with it): the sub-account's position, names for operators.
 */
export async function requestNotice(
  deps: Pick<RequestDeps, 'repos'> & Partial<Pick<RequestDeps, 'clock'>>,
  tx: Tx,
  request: QuotaRequestDto,
): Promise<QuotaRequestNoticeView> {
  const steps = stepState(request);
  const name = await operatorNamerFor(deps, tx, [
    request.requester,
    request.decidedBy,
    ...steps.approvals.map((a) => a.by),
  ]);
  const sub = await deps.repos.subAccounts.findById(tx, request.subAccountId);
  if (!sub)
    throw new NotFoundError({ reason: 'sub_account_not_found', params: { id: request.subAccountId } });
  const q = quotaStatus(sub.balance, knownSpend(await deps.repos.projects.listBySubAccount(tx, sub.id)));
  const entry = request.ledgerEntryId ? await deps.repos.ledger.findById(tx, request.ledgerEntryId) : null;
  return {
    id: request.id,
    sub: { id: sub.id, name: sub.userName },
    amount: amount(request.amount),
    reason: request.reason,
    requester: name(request.requester),
    createdAt: request.createdAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
    usage: {
      quota: amount(q.quota),
      spent: amount(q.spent),
      remaining: amount(q.remaining),
      percent: amount(q.percent),
    },
    decision: decision(request, name, entry?.balanceAfter ?? sub.balance),
    ...(request.route && { route: routeNotice(request.route) }),
    ...(steps.steps.length > 1 && {
      steps: {
        total: steps.steps.length,
        approved: steps.approvals.map((a) => ({ by: name(a.by), amount: a.amount, at: a.at })),
        waiting: request.status === 'pending' ? (steps.current?.name ?? null) : null,
      },
    }),
    ...(deps.clock &&
      request.status === 'pending' && {
        burn: await burnOf(tx, sub.id, q.remaining, steps.amount, deps.clock.now()),
      }),
  };
}

/** The route as cards show it: names, no open_ids. */
export function routeNotice(r: ApproverRoute): RouteNotice {
  return {
    source: r.source,
    department: r.department,
    leader: r.leader && { name: r.leader.name },
    upper: r.upper && { name: r.upper.name },
    escalateAbove: r.escalateAbove,
    escalated: r.escalated,
    upperOnly:
      r.source === 'department' &&
      !r.escalated &&
      r.steps.length === 1 &&
      r.steps[0]?.openId === r.upper?.openId,
  };
}

/** How long the money lasts now and once the requested amount is approved (pending requests only). */
async function burnOf(tx: Tx, subAccountId: string, remaining: Money, requested: Money, now: Date) {
  const b = await storedBurn(tx, subAccountId, remaining, now);
  const perHour = b.perHour === null ? null : new MoneyDecimal(b.perHour);
  return { ...b, afterApprovalHours: hoursFor(remaining.plus(requested), perHour) };
}

function decision(
  r: QuotaRequestDto,
  name: (op: string | null) => string,
  newQuota: Money,
): RequestDecisionNotice {
  const at = (r.decidedAt ?? r.expiresAt).toISOString();
  switch (r.status) {
    case 'pending':
      return { state: 'pending' };
    case 'approved':
      return {
        state: 'approved',
        by: name(r.decidedBy),
        at,
        amount: amount(r.approvedAmount ?? r.amount),
        newQuota: amount(newQuota),
        note: r.decisionNote,
      };
    case 'rejected':
      return { state: 'rejected', by: name(r.decidedBy), at, note: r.decisionNote };
    case 'expired':
      return { state: 'expired', at };
    case 'cancelled':
      return { state: 'cancelled', by: name(r.decidedBy), at };
  }
}

/** A member's language for their cards ("en-US" → en), else the configured one. */
export function memberLocale(locale: string | null | undefined, fallback: NoticeLocale): NoticeLocale {
  if (!locale) return fallback;
  return /^en/i.test(locale) ? 'en' : /^zh/i.test(locale) ? 'zh' : fallback;
}
