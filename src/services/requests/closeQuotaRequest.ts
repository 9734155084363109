import type { Deps } from '../../deps.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import { actorId, type Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { assertText } from '../quota/amounts.js';

export type DecideInput = { actor: Actor; quotaRequestId: string; note?: string; requestId?: string };
export type DecideResult = {
  outcome: 'rejected' | 'cancelled' | 'already_decided';
  request: QuotaRequestDto;
};

/** Closes a pending request without allocating: rejected by an approver or cancelled by its requester. */
export async function closeQuotaRequest(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: DecideInput,
  status: 'rejected' | 'cancelled',
): Promise<DecideResult> {
  const note = assertText(input.note ?? '', 'note', 500);
  const by = actorId(input.actor);
  return inTransaction(deps.db, async (tx): Promise<DecideResult> => {
    const request = await deps.repos.quotaRequests.lockById(tx, input.quotaRequestId);
    if (!request) throw new NotFoundError(`申请不存在 / quota request not found: ${input.quotaRequestId}`);
    if (
      status === 'cancelled' &&
      request.requester !== by &&
      input.actor.kind !== 'cli' &&
      input.actor.kind !== 'system'
    ) {
      throw new ForbiddenError('只有申请人可以撤回申请 / only the requester can cancel a request');
    }
    if (request.status !== 'pending') return { outcome: 'already_decided', request };
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
    return { outcome: status, request: { ...request, ...decision, version: request.version + 1 } };
  });
}
