import { ForbiddenError, NotFoundError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import { actorId, type Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { assertText } from '../quota/amounts.js';
import type { RequestDeps } from './notices.js';
import { assertTurn } from './requestSteps.js';
import { followUpDecision, publishInTx, recordAnswer, type Published } from './publishDecision.js';

export type DecideInput = {
  actor: Actor;
  quotaRequestId: string;
  note?: string;
  requestId?: string;
  /** The card message clicked to decide: the click's answer redraws that copy; the others are patched. */
  answeredMessageId?: string;
};
export type DecideResult =
  | { outcome: 'rejected' | 'cancelled'; request: QuotaRequestDto; published: Published }
  | { outcome: 'already_decided'; request: QuotaRequestDto };

/**
 * Closes a pending request without allocating: rejected by an approver or cancelled by its requester. The
 * card's copies are patched and the requester told in the same transaction.
 */
export async function closeQuotaRequest(
  deps: RequestDeps,
  input: DecideInput,
  status: 'rejected' | 'cancelled',
): Promise<DecideResult> {
  const result = await close(deps, input, status);
  if (result.outcome !== 'already_decided' && result.published.waiting > 0)
    followUpDecision(deps, result.request.id);
  return result;
}

async function close(
  deps: RequestDeps,
  input: DecideInput,
  status: 'rejected' | 'cancelled',
): Promise<DecideResult> {
  const note = assertText(input.note ?? '', 'note', 500);
  const by = actorId(input.actor);
  return inTransaction(deps.db, async (tx): Promise<DecideResult> => {
    const request = await deps.repos.quotaRequests.lockById(tx, input.quotaRequestId);
    if (!request)
      throw new NotFoundError({ reason: 'quota_request_not_found', params: { id: input.quotaRequestId } });
    if (
      status === 'cancelled' &&
      request.requester !== by &&
      input.actor.kind !== 'cli' &&
      input.actor.kind !== 'system'
    ) {
      throw new ForbiddenError({ reason: 'request_cancel_not_requester' });
    }
    if (request.status !== 'pending') return { outcome: 'already_decided', request };
    // On a department route only the current step's person rejects (a rejection at any step ends it).
    if (status === 'rejected') assertTurn(input.actor, request);
    const decision = { status, decidedBy: by, decidedAt: deps.clock.now(), decisionNote: note || null };
    if (!(await deps.repos.quotaRequests.decide(tx, request.id, decision))) {
      return {
        outcome: 'already_decided',
        request: (await deps.repos.quotaRequests.lockById(tx, request.id)) ?? request,
      };
    }
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: status === 'rejected' ? 'quota.request.reject' : 'quota.request.cancel',
      target: { type: 'quota_request', id: request.id },
      before: { status: 'pending' },
      after: { status, note: note || null },
      requestId: input.requestId,
    });
    const closed = await recordAnswer(
      deps,
      tx,
      { ...request, ...decision, version: request.version + 1 },
      input.answeredMessageId,
    );
    return { outcome: status, request: closed, published: await publishInTx(deps, tx, closed) };
  });
}
