import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import { inTransaction, withReader, type Tx } from '../../db/repos/transaction.js';
import { approvalTargets, type RequestReply } from './approvers.js';
import { requestSubject, type RequestDeps } from './notices.js';
import { requestNotice } from './requestNotice.js';
import { queueApprovalCenterSync } from './approvalCenterSync.js';

/**
 * Writes a request's approval card for the approvers (and the reply to the requester's message) in `tx`,
 * the transaction that files it, and marks the request announced. Nothing is written while nobody can be
 * told (no alert chat, approver or admin): the request stays unannounced for the sweep. Returns whether
 * the card was written by this call.
 */
export async function announceInTx(
  deps: RequestDeps,
  tx: Tx,
  request: QuotaRequestDto,
  reply?: RequestReply,
): Promise<boolean> {
  const recipients = await approvalTargets(deps, tx, request, reply);
  if (recipients.length === 0) return false;
  if (!(await deps.repos.quotaRequests.markAnnounced(tx, request.id, deps.clock.now()))) return false;
  await deps.notifier.emit(tx, {
    kind: 'quotaRequest.card',
    subject: requestSubject(request.id),
    view: await requestNotice(deps, tx, request),
    recipients,
    dedupeKey: `quotaRequest:${request.id}:card`,
  });
  await queueApprovalCenterSync(deps, tx, request);
  return true;
}

/**
 * The announcing sweep: open requests nobody could be told about when they were filed get their card now
 * that someone can. Each in its own transaction, the request locked and re-read first (a concurrent sweep
 * or decision wins cleanly). Returns how many were announced.
 */
export async function announceQuotaRequests(deps: RequestDeps): Promise<number> {
  const now = deps.clock.now();
  const waiting = await withReader(deps.db, (m) => deps.repos.quotaRequests.listUnannounced(m, now));
  let announced = 0;
  for (const r of waiting) {
    const done = await inTransaction(deps.db, async (tx) => {
      const fresh = await deps.repos.quotaRequests.lockById(tx, r.id);
      if (!fresh || fresh.status !== 'pending' || fresh.announcedAt) return false;
      return announceInTx(deps, tx, fresh);
    });
    if (done) announced++;
  }
  return announced;
}
