import type { EntityManager } from 'typeorm';
import type { QuotaRequestDto } from '../../db/repos/quotaRequests.js';
import type { StepApprovalRecord } from '../../db/entities/quotaRequest.js';
import { money, type Money } from '../../domain/money.js';
import { ForbiddenError } from '../../errors.js';
import type { Actor } from '../../policies/actor.js';
import type { Settings } from '../settings/schema.js';
import {
  resolveApproverRoute,
  type ApproverRoute,
  type RouteDeps,
  type RoutePerson,
} from './approverRoute.js';

type RequestLike = Pick<QuotaRequestDto, 'route' | 'stepApprovals' | 'amount'>;

/**
 * Where a request stands on its route. A department route is decided in turn: each step's person approves
 * (the first may lower the amount; the next sees it), the last step's approval allocates, a rejection at
 * any step ends it. The configured route has no steps: any approver decides alone.
 */
export type StepState = {
  /** The department route's people in order (empty: the configured route, or a request from before routes). */
  steps: RoutePerson[];
  approvals: StepApprovalRecord[];
  /** Whose turn it is (null without steps). */
  current: RoutePerson | null;
  /** 1-based number of the current step. */
  number: number;
  /** The amount now on the table: the last approved step's, else the amount asked for. */
  amount: Money;
  /** Whether the current step is the last one (its approval allocates). */
  last: boolean;
};

export function stepState(request: RequestLike): StepState {
  const route = request.route;
  const steps = route?.source === 'department' ? route.steps : [];
  const approvals = request.stepApprovals ?? [];
  const previous = approvals[approvals.length - 1];
  return {
    steps,
    approvals,
    current: steps[approvals.length] ?? null,
    number: approvals.length + 1,
    amount: previous ? money(previous.amount) : request.amount,
    last: approvals.length >= steps.length - 1,
  };
}

/**
 * The people on a request's department route: each may decide THIS request (in their turn), whatever
 * their role. Undefined on the configured route.
 */
export function routePeople(request: RequestLike): string[] | undefined {
  const { steps } = stepState(request);
  return steps.length ? steps.map((p) => p.openId) : undefined;
}

/**
 * A Feishu person deciding a request on a department route must be the current step's person (a role does
 * not skip a step); the CLI, jobs and API keys act for the current step. Throws ForbiddenError otherwise.
 */
export function assertTurn(actor: Actor, request: RequestLike): StepState {
  const state = stepState(request);
  if (actor.kind !== 'feishu' || !state.current) return state;
  if (state.current.openId !== actor.openId)
    throw new ForbiddenError({
      reason: 'request_not_your_step',
      params: { who: state.current.name, n: state.number, total: state.steps.length },
    });
  return state;
}

/** The route a request was filed with, or (filed before routes were kept) as it reads now. */
export async function requestRoute(
  deps: RouteDeps,
  m: EntityManager,
  settings: Settings,
  request: Pick<QuotaRequestDto, 'route' | 'subAccountId' | 'amount' | 'requester'>,
): Promise<ApproverRoute> {
  return request.route ?? resolveApproverRoute(deps, m, settings, request);
}
