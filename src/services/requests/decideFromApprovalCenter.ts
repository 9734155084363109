import { ForbiddenError } from '../../errors.js';
import { withReader } from '../../db/repos/transaction.js';
import { isAllowed } from '../../policies/policies.js';
import type { FeishuActor } from '../../policies/actor.js';
import { readSettings } from '../settings/getSettings.js';
import type { TaskContext } from './approvalCenter.js';
import { approveQuotaRequest } from './approveQuotaRequest.js';
import type { RouteDeps } from './approverRoute.js';
import { requestRoute, routePeople } from './requestSteps.js';
import { taskIdOf } from './approvalCenterSync.js';
import type { RequestDeps } from './notices.js';
import { rejectQuotaRequest } from './rejectQuotaRequest.js';

export type CenterDecisionInput = {
  instanceId: string;
  taskId: string;
  /** The task's context as AirGate wrote it (which request, whose task). */
  context: TaskContext;
  action: 'APPROVE' | 'REJECT';
  reason: string;
  requestId: string;
};

export type CenterDecisionOutcome =
  'approved' | 'rejected' | 'already_decided' | 'not_allowed' | 'self_approve' | 'unknown_task';

/**
 * A decision taken in Feishu's approval centre (quick approval): the task's assignee approves — the amount
 * asked for, never more or less (a different amount only on the card) — or rejects, through the same use
 * cases as a card click, so every rule holds: at most once (compare-and-set), never one's own request,
 * expiry. The assignee may decide when the card's rule allows it (approver or admin role) or when the
 * request's route names them (their department's leader), in their turn on a two-step route. The card's copies are patched and the centre's
 * item re-synced by the decision itself.
 */
export async function decideFromApprovalCenter(
  deps: RequestDeps & RouteDeps,
  input: CenterDecisionInput,
): Promise<CenterDecisionOutcome> {
  const { r: quotaRequestId, o: openId } = input.context;
  if (quotaRequestId !== input.instanceId || taskIdOf(quotaRequestId, openId) !== input.taskId)
    return 'unknown_task';
  const found = await withReader(deps.db, async (m) => {
    const request = await deps.repos.quotaRequests.findById(m, quotaRequestId);
    if (!request) return null;
    const member = await deps.repos.members.findByOpenId(m, openId);
    const settings = await readSettings(deps.repos, m);
    const route = await requestRoute(deps, m, settings, request);
    return { request, member, route };
  });
  if (!found) return 'unknown_task';
  const { request, member, route } = found;
  if (request.requester === `feishu:${openId}`) return 'self_approve';
  const actor: FeishuActor = {
    kind: 'feishu',
    openId,
    ...(member?.name ? { name: member.name } : {}),
    roles: member?.roles ?? [],
  };
  const allowed =
    isAllowed(actor, 'quota.approve', { requester: request.requester, route: routePeople(request) }) ||
    (route.source === 'department' && route.openIds.includes(openId));
  if (!allowed) return request.status === 'pending' ? 'not_allowed' : 'already_decided';
  const common = { actor, quotaRequestId, requestId: input.requestId, note: input.reason.slice(0, 500) };
  try {
    if (input.action === 'APPROVE') {
      const res = await approveQuotaRequest(deps, { ...common, source: 'card' });
      return res.outcome === 'approved' || res.outcome === 'step_approved' ? 'approved' : 'already_decided';
    }
    const res = await rejectQuotaRequest(deps, common);
    return res.outcome === 'rejected' ? 'rejected' : 'already_decided';
  } catch (err) {
    if (err instanceof ForbiddenError)
      return err.refusal?.reason === 'request_not_your_step' ? 'not_allowed' : 'self_approve';
    throw err;
  }
}
