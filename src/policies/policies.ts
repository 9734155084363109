import type { Actor, ApiScope, Role } from './actor.js';
import { actorId } from './actor.js';

/**
 * Every action AirGate guards, with who may do it. One map for the bot, the API and the CLI. The CLI runs
 * on the server with database access, so it may do everything an admin may; jobs act as `system`.
 * Subjects carry only what a rule needs (the sub-account's owner, the request's requester).
 */
export type Subject = {
  ownerOpenId?: string | null;
  requester?: string;
  /** The people a request's department route asks to decide it (its leader, the leader's leader). */
  route?: readonly string[];
};

type Rule = {
  roles: readonly Role[];
  scopes: readonly ApiScope[];
  owner?: boolean;
  notRequester?: boolean;
  /** A person on the subject's route may, whatever their role (for that subject only). */
  onRoute?: boolean;
};

const anyone: readonly Role[] = ['admin', 'approver', 'lead', 'viewer'];
const read: readonly ApiScope[] = ['read', 'admin'];

export const policyRules = {
  'subaccount.view': { roles: anyone, scopes: read },
  'subaccount.manage': { roles: ['admin'], scopes: ['admin'] },
  'policy.manage': { roles: ['admin'], scopes: ['admin'] },
  'project.view': { roles: anyone, scopes: read },
  'project.manage': { roles: ['admin'], scopes: ['admin'] },
  'quota.view': { roles: anyone, scopes: read },
  // Two-person rule: an approver only decides what someone else asked for (never their own request); writing
  // quota directly, or approving more than was asked, is an admin's right.
  'quota.allocate': { roles: ['admin'], scopes: ['admin'] },
  'quota.deduct': { roles: ['admin'], scopes: ['admin'] },
  // A lead may ask for the sub-accounts they own; approvers and admins for any.
  'quota.request': { roles: ['admin', 'approver'], scopes: ['request', 'admin'], owner: true },
  // A department's leader on a request's route decides that request (in their turn), without the role.
  'quota.approve': {
    roles: ['admin', 'approver'],
    scopes: ['allocate', 'admin'],
    notRequester: true,
    onRoute: true,
  },
  'quota.approveAboveRequest': { roles: ['admin'], scopes: ['admin'] },
  'request.view': { roles: anyone, scopes: ['read', 'request', 'admin'] },
  'alert.view': { roles: anyone, scopes: read },
  'member.view': { roles: ['admin', 'approver'], scopes: ['admin'] },
  'member.manage': { roles: ['admin'], scopes: ['admin'] },
  'apikey.manage': { roles: ['admin'], scopes: ['admin'] },
  'account.manage': { roles: ['admin'], scopes: ['admin'] },
  'settings.view': { roles: ['admin', 'approver'], scopes: ['admin'] },
  'settings.manage': { roles: ['admin'], scopes: ['admin'] },
  // Chat: admins only; API: read keys too (issue 16: an auditor's read-only key reads the log).
  'audit.view': { roles: ['admin'], scopes: read },
  'check.run': { roles: ['admin', 'approver'], scopes: ['admin'] },
  'statement.view': { roles: ['admin', 'approver'], scopes: read },
} satisfies Record<string, Rule>;

export type PolicyAction = keyof typeof policyRules;

export function isAllowed(actor: Actor, action: PolicyAction, subject: Subject = {}): boolean {
  const rule: Rule = policyRules[action];
  if (rule.notRequester && subject.requester !== undefined && subject.requester === actorId(actor))
    return false;
  switch (actor.kind) {
    case 'system':
    case 'cli':
      return true;
    case 'apiKey':
      return actor.scopes.some((s) => rule.scopes.includes(s));
    case 'feishu':
      if (actor.roles.some((r) => rule.roles.includes(r))) return true;
      if (rule.onRoute && subject.route?.includes(actor.openId)) return true;
      return (
        rule.owner === true &&
        actor.roles.includes('lead') &&
        subject.ownerOpenId !== undefined &&
        subject.ownerOpenId === actor.openId
      );
  }
}

/** What a refused actor is told they need. */
export function requirement(action: PolicyAction): {
  roles: readonly Role[];
  scopes: readonly ApiScope[];
  owner: boolean;
} {
  const rule: Rule = policyRules[action];
  return { roles: rule.roles, scopes: rule.scopes, owner: rule.owner === true };
}
