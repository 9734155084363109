import { ForbiddenError, NotFoundError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import type { LedgerSource } from '../../domain/ledger.js';
import { formatMoney, toDecimalString, type Money } from '../../domain/money.js';
import { PolicyDeniedError } from '../../policies/authorize.js';
import { isAllowed, requirement } from '../../policies/policies.js';
import { actorId, systemActor, type Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { assertPositiveAmount, assertText } from '../quota/amounts.js';
import { writeLedgerEntry, type LedgerWriteResult } from '../quota/writeLedgerEntry.js';
import type { RequestDeps } from './notices.js';
import {
  followUpDecision,
  publishInTx,
  publishStepInTx,
  recordAnswer,
  type Published,
} from './publishDecision.js';
import type { RoutePerson } from './approverRoute.js';
import { assertTurn } from './requestSteps.js';

export type ApproveQuotaRequestInput = {
  actor: Actor;
  quotaRequestId: string;
  /** The approver may change the amount; default: the amount asked for. */
  amount?: Money;
  note?: string;
  source?: LedgerSource;
  requestId?: string;
  /** The card message clicked to decide: the click's answer redraws that copy; the others are patched. */
  answeredMessageId?: string;
};

export type ApproveQuotaRequestResult =
  | ({ outcome: 'approved'; request: QuotaRequestDto; published: Published } & Omit<
      LedgerWriteResult,
      'replayed'
    >)
  /**
   * A step of a multi-step route approved (the leader's, before the leader's leader): nothing allocated yet;
   * the card's copies show the step and the next step's person has been sent the card.
   */
  | { outcome: 'step_approved'; request: QuotaRequestDto; published: Published; next: RoutePerson }
  /**
   * Someone decided first (or it expired): nothing was allocated; `request` says who, when and how.
   * `published` is set when this call found the request expired and expired it.
   */
  | { outcome: 'already_decided'; request: QuotaRequestDto; published?: Published };

/**
 * Approves a pending request and allocates its amount, at most once (L3) whatever the double clicks,
 * redeliveries or approvers racing: the request row is locked, the state moves by compare-and-set from
 * pending, and the ledger's unique request id "quota-request:<id>" backs both up. The requester cannot
 * approve their own request, and only an admin may approve more than was asked (less is any approver's call).
 * On a department route with two steps the leader approves first (possibly less), then the leader's leader
 * (who sees that amount): each in their turn, once; only the last step allocates.
 * The decision's notices (the card's copies patched, the requester told) are written in its transaction.
 */
export async function approveQuotaRequest(
  deps: RequestDeps,
  input: ApproveQuotaRequestInput,
): Promise<ApproveQuotaRequestResult> {
  const result = await decide(deps, input);
  if (result.published && result.published.waiting > 0) followUpDecision(deps, result.request.id);
  return result;
}

export type ApprovalCheck =
  | { kind: 'decided' }
  | { kind: 'expired' }
  | { kind: 'step_done' }
  | { kind: 'allowed'; step: ReturnType<typeof assertTurn>; amount: Money };

/**
 * Whether `input.actor` may approve `request` as it stands at `now`, without writing: decided already,
 * expired, this person's step approved already (they hear that it waits for the next one), or allowed
 * with the step and the amount. Throws the refusals: the requester's own request, not their turn, more
 * than asked without the right. The decision checks it again on the locked row; a click checks it first,
 * on a plain read, to answer before the decision runs.
 */
export function checkApproval(
  request: QuotaRequestDto,
  input: Pick<ApproveQuotaRequestInput, 'actor' | 'amount'>,
  now: Date,
): ApprovalCheck {
  const by = actorId(input.actor);
  if (request.requester === by) throw new ForbiddenError({ reason: 'request_self_approve' });
  if (request.status !== 'pending') return { kind: 'decided' };
  if (request.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };
  if ((request.stepApprovals ?? []).some((a) => a.by === by)) return { kind: 'step_done' };
  const step = assertTurn(input.actor, request);
  const amount = input.amount ?? step.amount;
  if (amount.gt(step.amount) && !isAllowed(input.actor, 'quota.approveAboveRequest')) {
    const asked = formatMoney(step.amount);
    throw new PolicyDeniedError('quota.approveAboveRequest', requirement('quota.approveAboveRequest'), {
      reason: 'approve_above_request',
      params: { asked },
    });
  }
  return { kind: 'allowed', step, amount };
}

async function decide(
  deps: RequestDeps,
  input: ApproveQuotaRequestInput,
): Promise<ApproveQuotaRequestResult> {
  if (input.amount !== undefined) assertPositiveAmount(input.amount);
  const note = assertText(input.note ?? '', 'note', 500);
  const by = actorId(input.actor);

  return inTransaction(deps.db, async (tx): Promise<ApproveQuotaRequestResult> => {
    const request = await deps.repos.quotaRequests.lockById(tx, input.quotaRequestId);
    if (!request)
      throw new NotFoundError({ reason: 'quota_request_not_found', params: { id: input.quotaRequestId } });
    const now = deps.clock.now();
    const check = checkApproval(request, input, now);
    if (check.kind === 'decided' || check.kind === 'step_done')
      return { outcome: 'already_decided', request };
    if (check.kind === 'expired') {
      const decision = { status: 'expired' as const, decidedBy: actorId(systemActor), decidedAt: now };
      if (await deps.repos.quotaRequests.decide(tx, request.id, decision)) {
        await writeAudit(deps, tx, {
          actor: systemActor,
          action: 'quota.request.expire',
          target: { type: 'quota_request', id: request.id },
          before: { status: 'pending' },
          after: { status: 'expired' },
        });
        const expired = { ...request, ...decision, version: request.version + 1 };
        const answered = await recordAnswer(deps, tx, expired, input.answeredMessageId);
        return {
          outcome: 'already_decided',
          request: answered,
          published: await publishInTx(deps, tx, answered),
        };
      }
      return { outcome: 'already_decided', request: { ...request, ...decision } };
    }

    const { step, amount } = check;
    if (!step.last) {
      const approvals = [
        ...step.approvals,
        { by, at: now.toISOString(), amount: toDecimalString(amount), note: note || null },
      ];
      if (!(await deps.repos.quotaRequests.approveStep(tx, request.id, request.version, approvals, now))) {
        const fresh = await deps.repos.quotaRequests.lockById(tx, request.id);
        return { outcome: 'already_decided', request: fresh ?? request };
      }
      await writeAudit(deps, tx, {
        actor: input.actor,
        action: 'quota.request.approveStep',
        target: { type: 'quota_request', id: request.id },
        before: { status: 'pending', step: step.number, amount: step.amount },
        after: { status: 'pending', step: step.number + 1, amount },
        requestId: input.requestId,
      });
      const moved = { ...request, stepApprovals: approvals, updatedAt: now, version: request.version + 1 };
      const next = step.steps[approvals.length]!;
      return {
        outcome: 'step_approved',
        request: moved,
        next,
        published: await publishStepInTx(deps, tx, moved, next, input.answeredMessageId),
      };
    }
    const decision = {
      status: 'approved' as const,
      decidedBy: by,
      decidedAt: now,
      decisionNote: note || null,
      approvedAmount: amount,
    };
    if (!(await deps.repos.quotaRequests.decide(tx, request.id, decision, { notExpiredAt: now }))) {
      const fresh = await deps.repos.quotaRequests.lockById(tx, request.id);
      return { outcome: 'already_decided', request: fresh ?? request };
    }
    const written = await writeLedgerEntry(deps, tx, {
      actor: input.actor,
      subAccountId: request.subAccountId,
      amount,
      note: note || request.reason,
      requestId: `quota-request:${request.id}`,
      source: input.source,
      quotaRequestId: request.id,
      audit: false,
    });
    await deps.repos.quotaRequests.setLedgerEntry(tx, request.id, written.entry.id);
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'quota.request.approve',
      target: { type: 'quota_request', id: request.id },
      before: {
        status: 'pending',
        amount: request.amount,
        balance: written.entry.balanceAfter.minus(amount),
      },
      after: {
        status: 'approved',
        amount,
        balance: written.entry.balanceAfter,
        entryId: written.entry.id,
        seq: written.entry.seq,
      },
      requestId: input.requestId,
    });
    const { replayed: _replayed, ...rest } = written;
    const approved = await recordAnswer(
      deps,
      tx,
      { ...request, ...decision, ledgerEntryId: written.entry.id, version: request.version + 1 },
      input.answeredMessageId,
    );
    return {
      outcome: 'approved',
      ...rest,
      request: approved,
      published: await publishInTx(deps, tx, approved),
    };
  });
}
