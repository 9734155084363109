import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import { money } from '../../domain/money.js';
import { stepState } from '../../services/requests/requestSteps.js';
import { decimal, iso } from '../common.js';
import type { QuotaRequestBody, RouteBody } from './schema.js';

/** A name for a stored operator id (feishu:ou_…, apikey:…, cli:…), or null when only an open_id is known. */
export type NameOf = (operator: string | null) => string | null;

/** A quota request as its filer follows it: who decides and who decided, by name only (never an open_id). */
export function presentQuotaRequest(
  r: QuotaRequestDto,
  names: { subaccount: string; account: string },
  nameOf: NameOf,
): QuotaRequestBody {
  return {
    id: r.id,
    subaccount: names.subaccount,
    account: names.account,
    amount: decimal(r.amount),
    approvedAmount: r.approvedAmount === null ? null : decimal(r.approvedAmount),
    reason: r.reason,
    status: r.status,
    source: r.source,
    decidedAt: iso(r.decidedAt),
    decisionNote: r.decisionNote,
    expiresAt: iso(r.expiresAt),
    createdAt: iso(r.createdAt),
    route: presentRoute(r, nameOf),
  };
}

/** Every operator the presented request names (to load their names in one go). */
export function operatorsOf(r: QuotaRequestDto): string[] {
  const route = r.route;
  const people = route
    ? route.source === 'department'
      ? route.steps.map((p) => p.openId)
      : route.openIds
    : [];
  return [
    ...people.map((o) => `feishu:${o}`),
    ...(r.stepApprovals ?? []).map((a) => a.by),
    ...(r.decidedBy ? [r.decidedBy] : []),
  ];
}

type Step = RouteBody['steps'][number];

/**
 * The route the request was filed with and where each step stands. A department route is decided in turn
 * (approved steps, then the waiting one, then pending ones); the configured approvers are one step, any of
 * whom decides. The final decision (its person and amount) belongs to the step whose turn it was.
 */
function presentRoute(r: QuotaRequestDto, nameOf: NameOf): RouteBody | null {
  const route = r.route;
  if (!route) return null;
  const people = route.source === 'department' ? route.steps.map((p) => [p.openId]) : [route.openIds];
  const { approvals } = stepState(r);
  const steps = people.map((openIds, i): Step => {
    const approvers = openIds.flatMap((o) => nameOf(`feishu:${o}`) ?? []);
    const done = approvals[i];
    if (done)
      return {
        approvers,
        state: 'approved',
        decidedBy: nameOf(done.by),
        amount: decimal(money(done.amount)),
      };
    const open: Step = { approvers, state: 'pending', decidedBy: null, amount: null };
    if (i > approvals.length) return r.status === 'pending' ? open : { ...open, state: 'closed' };
    switch (r.status) {
      case 'pending':
        return { ...open, state: 'waiting' };
      case 'approved':
        return {
          ...open,
          state: 'approved',
          decidedBy: nameOf(r.decidedBy),
          amount: r.approvedAmount === null ? null : decimal(r.approvedAmount),
        };
      case 'rejected':
        return { ...open, state: 'rejected', decidedBy: nameOf(r.decidedBy) };
      default:
        return { ...open, state: 'closed' };
    }
  });
  return {
    kind: route.source === 'department' ? 'department' : 'approvers',
    department: route.department?.name ?? null,
    steps,
  };
}
