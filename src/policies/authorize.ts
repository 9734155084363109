import { ForbiddenError, type Reasoned } from '../errors.js';
import type { Actor } from './actor.js';
import { isAllowed, requirement, type PolicyAction, type Subject } from './policies.js';

/** A refusal that names the action and what it needs, so each transport can say it in its own words. */
export class PolicyDeniedError extends ForbiddenError {
  constructor(
    readonly action: PolicyAction,
    readonly needs: ReturnType<typeof requirement>,
    reason?: string | Reasoned,
  ) {
    super(reason ?? describe(action, needs));
  }
}

/** Throws PolicyDeniedError (a ForbiddenError) unless the actor may do `action` on `subject`. */
export function authorize(actor: Actor, action: PolicyAction, subject: Subject = {}): void {
  if (isAllowed(actor, action, subject)) return;
  const needs = requirement(action);
  if (action === 'quota.approve' && subject.requester !== undefined && isAllowed(actor, action, {})) {
    throw new PolicyDeniedError(action, needs, { reason: 'request_self_approve' });
  }
  throw new PolicyDeniedError(action, needs);
}

function describe(action: PolicyAction, needs: ReturnType<typeof requirement>): string {
  const roles = needs.roles.join('/');
  const owner = needs.owner ? '（或该子账号的负责人 lead / or the lead who owns it）' : '';
  return `无权执行 ${action}：需要角色 ${roles}${owner} / not allowed: ${action} needs role ${roles}${
    needs.owner ? ' or owning lead' : ''
  } (API scope ${needs.scopes.join('/')})`;
}
