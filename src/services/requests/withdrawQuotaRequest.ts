import { ConflictError, NotFoundError } from '../../errors.js';
import { withReader } from '../../db/repos/transaction.js';
import { actorId, type Actor } from '../../policies/actor.js';
import { closeQuotaRequest, type DecideResult } from './closeQuotaRequest.js';
import type { RequestDeps } from './notices.js';

export type WithdrawInput = {
  actor: Actor;
  /** The request; omitted: the caller's only pending request. */
  quotaRequestId?: string;
  /** Or the start of its id (as cards show it), among the caller's pending requests. */
  idPrefix?: string;
  note?: string;
  requestId?: string;
  answeredMessageId?: string;
};

/**
 * The requester takes back a pending request: nothing is allocated, the approvers' copies say it was
 * withdrawn. The one use case behind the chat's 撤回申请, the card's button, the REST call and the CLI
 * (an approval center reaching AirGate would call it too). Only the requester may (the CLI and the
 * system act for anyone); a request already decided is answered `already_decided`.
 */
export async function withdrawQuotaRequest(deps: RequestDeps, input: WithdrawInput): Promise<DecideResult> {
  const id = input.quotaRequestId ?? (await pendingOf(deps, input.actor, input.idPrefix));
  return closeQuotaRequest(
    deps,
    {
      actor: input.actor,
      quotaRequestId: id,
      ...(input.note !== undefined ? { note: input.note } : {}),
      ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
      ...(input.answeredMessageId !== undefined ? { answeredMessageId: input.answeredMessageId } : {}),
    },
    'cancelled',
  );
}

/** The caller's one pending request (starting with `prefix`); none → not found, several → their ids. */
async function pendingOf(deps: RequestDeps, actor: Actor, prefix?: string): Promise<string> {
  const all = await withReader(deps.db, (m) =>
    deps.repos.quotaRequests.list(m, { requester: actorId(actor), status: 'pending', limit: 50 }),
  );
  const p = prefix?.trim().toLowerCase();
  const mine = p ? all.filter((r) => r.id.toLowerCase().startsWith(p)) : all;
  if (mine.length === 1) return mine[0]!.id;
  if (mine.length === 0) throw new NotFoundError({ reason: 'request_withdraw_none' });
  throw new ConflictError({
    reason: 'request_withdraw_which',
    params: { choices: mine.map((r) => r.id.slice(0, 8)), example: mine[0]!.id.slice(0, 8) },
  });
}
