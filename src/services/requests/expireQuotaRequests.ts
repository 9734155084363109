import type { Deps } from '../../deps.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import { actorId, systemActor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';

/**
 * Moves every pending request past its expiry to `expired` (compare-and-set, so an approval racing with
 * it wins or loses cleanly). Returns the requests it expired, so their cards can say so.
 */
export async function expireQuotaRequests(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
): Promise<QuotaRequestDto[]> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const expired: QuotaRequestDto[] = [];
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
      expired.push({ ...request, ...decision, version: request.version + 1 });
    }
    return expired;
  });
}
