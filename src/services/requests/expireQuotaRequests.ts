import { inTransaction } from '../../db/repos/transaction.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import { actorId, systemActor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import type { RequestDeps } from './notices.js';
import { followUpDecision, publishInTx } from './publishDecision.js';

/**
 * Moves every pending request past its expiry to `expired` (compare-and-set, so an approval racing with
 * it wins or loses cleanly), and in the same transaction patches each one's card copies and tells its
 * requester. Returns the requests it expired.
 */
export async function expireQuotaRequests(deps: RequestDeps): Promise<QuotaRequestDto[]> {
  const now = deps.clock.now();
  const { expired, waiting } = await inTransaction(deps.db, async (tx) => {
    const done: QuotaRequestDto[] = [];
    const queued: string[] = [];
    for (const request of await deps.repos.quotaRequests.listExpired(tx, now)) {
      const decision = { status: 'expired' as const, decidedBy: actorId(systemActor), decidedAt: now };
      if (!(await deps.repos.quotaRequests.decide(tx, request.id, decision))) continue;
      await writeAudit(deps, tx, {
        actor: systemActor,
        action: 'quota.request.expire',
        target: { type: 'quota_request', id: request.id },
        before: { status: 'pending' },
        after: { status: 'expired', expiresAt: request.expiresAt },
      });
      const expiredRequest = { ...request, ...decision, version: request.version + 1 };
      if ((await publishInTx(deps, tx, expiredRequest)).waiting > 0) queued.push(request.id);
      done.push(expiredRequest);
    }
    return { expired: done, waiting: queued };
  });
  for (const id of waiting) followUpDecision(deps, id);
  return expired;
}
