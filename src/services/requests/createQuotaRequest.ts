import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError, UsageError } from '../../errors.js';
import { isUniqueViolation } from '../../db/repos/errors.js';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import { toStoredString, type Money } from '../../domain/money.js';
import { actorId, defaultSource, type Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { assertPositiveAmount, assertText } from '../quota/amounts.js';
import { announceInTx } from './announceQuotaRequest.js';
import type { RequestReply } from './approvers.js';
import { PendingLimitError } from './errors.js';
import type { RequestDeps } from './notices.js';
import { readSettings } from '../settings/getSettings.js';
import { resolveApproverRoute } from './approverRoute.js';
import { withRequesterLock } from './requesterLock.js';

export type CreateQuotaRequestInput = {
  actor: Actor;
  subAccountId: string;
  amount: Money;
  reason: string;
  source?: string;
  /** Same key + same body → the first request again; same key + another body → ConflictError. */
  idempotencyKey?: string;
  requestId?: string;
  /** The requester's chat message to answer with a copy of the card (a chat command). */
  reply?: RequestReply;
};
export type CreateQuotaRequestResult = { request: QuotaRequestDto; replayed: boolean };

/**
 * Files a request for more quota; it waits for an approver (the same flow from chat, card and API). Its
 * approval card is written for the approvers in the same transaction, so a filed request is never left
 * without one (unless nobody can be told yet: then the announcing sweep posts it later). Its approver route
 * (a department's leaders, or the configured approvers) is fixed at filing.
 */
export async function createQuotaRequest(
  deps: RequestDeps,
  input: CreateQuotaRequestInput,
): Promise<CreateQuotaRequestResult> {
  assertPositiveAmount(input.amount);
  const reason = assertText(input.reason, 'reason', 500, { required: true });
  const key =
    input.idempotencyKey === undefined
      ? null
      : assertText(input.idempotencyKey, 'idempotencyKey', 128, { required: true });
  if (key !== null && !/^[\x21-\x7e]+$/.test(key)) {
    throw new UsageError({ reason: 'idempotency_key_invalid' }, { field: 'idempotencyKey' });
  }
  const requester = actorId(input.actor);
  const bodyHash = hashBody(input.subAccountId, input.amount, reason);

  const replay = (existing: QuotaRequestDto): CreateQuotaRequestResult => {
    if (existing.bodyHash !== bodyHash) {
      throw new ConflictError({ reason: 'idempotency_key_reused' });
    }
    return { request: existing, replayed: true };
  };

  // The route is read before the filing transaction: the org chart may be a Feishu call (through its
  // cache), and no row is locked while it runs. It is kept on the request, so card and centre show one route.
  const route = await withReader(deps.db, async (m) =>
    resolveApproverRoute(
      { repos: deps.repos, orgChart: deps.orgChart },
      m,
      await readSettings(deps.repos, m),
      {
        subAccountId: input.subAccountId,
        amount: input.amount,
        requester,
      },
    ),
  );

  try {
    // The requester's lock before the sub-account's row (a fixed order): see withRequesterLock.
    return await withRequesterLock(deps.db, requester, () =>
      inTransaction(deps.db, async (tx) => {
        if (key !== null) {
          const existing = await deps.repos.quotaRequests.findByIdempotencyKey(tx, requester, key);
          if (existing) return replay(existing);
        }
        // Locked so that two simultaneous requests for one sub-account cannot both pass its cap (the
        // requester's cap is held by the requester's lock around this transaction).
        const sub = await deps.repos.subAccounts.lockById(tx, input.subAccountId);
        if (!sub)
          throw new NotFoundError({ reason: 'sub_account_not_found', params: { id: input.subAccountId } });
        const settings = await readSettings(deps.repos, tx);
        const now = deps.clock.now();
        const perSub = settings.maxPendingRequestsPerSubAccount;
        if ((await deps.repos.quotaRequests.countOpen(tx, { subAccountId: sub.id }, now)) >= perSub)
          throw new PendingLimitError('subAccount', perSub, sub.userName);
        const perRequester = settings.maxPendingRequestsPerRequester;
        if ((await deps.repos.quotaRequests.countOpen(tx, { requester }, now)) >= perRequester)
          throw new PendingLimitError('requester', perRequester, requester);
        const request = await deps.repos.quotaRequests.insert(
          tx,
          {
            subAccountId: sub.id,
            amount: input.amount,
            reason,
            requester,
            source: input.source ?? defaultSource(input.actor),
            idempotencyKey: key,
            bodyHash,
            expiresAt: new Date(now.getTime() + settings.requestExpiryHours * 3_600_000),
            route,
          },
          now,
        );
        await writeAudit(deps, tx, {
          actor: input.actor,
          action: 'quota.request.create',
          target: { type: 'quota_request', id: request.id },
          after: {
            subAccountId: sub.id,
            userName: sub.userName,
            amount: input.amount,
            reason,
            expiresAt: request.expiresAt,
          },
          requestId: input.requestId,
        });
        await announceInTx(deps, tx, request, input.reply);
        return { request, replayed: false };
      }),
    );
  } catch (err) {
    // Two retries raced with one key: the loser returns the winner's request.
    if (key === null || !isUniqueViolation(err)) throw err;
    const existing = await withReader(deps.db, (m) =>
      deps.repos.quotaRequests.findByIdempotencyKey(m, requester, key),
    );
    if (!existing) throw err;
    return replay(existing);
  }
}

function hashBody(subAccountId: string, amount: Money, reason: string): string {
  return createHash('sha256')
    .update(JSON.stringify([subAccountId, toStoredString(amount), reason]))
    .digest('hex');
}
