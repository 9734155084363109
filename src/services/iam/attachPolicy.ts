import type { Deps } from '../../deps.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { Actor } from '../../policies/actor.js';
import { attachUserPolicy, detachUserPolicy } from '../../volc/actions/policies.js';
import { attachPolicyInProject, detachPolicyInProject, getProject } from '../../volc/actions/projects.js';
import { NotFoundError } from '../../errors.js';
import { getPolicy, listAttachedUserPolicies } from '../../volc/actions/policies.js';
import { writeAudit } from '../audit/writeAudit.js';
import { attachOrHeld, holds } from './policyHeld.js';
import { samePolicy } from '../projects/projectPolicies.js';
import { loadPresentSubAccount } from './loadSubAccount.js';
import { assertProjectName, parsePolicyRef, type PolicyRef } from './validation.js';
import { explainVolc } from './volcErrors.js';

export type PolicyChangeInput = {
  actor: Actor;
  subAccountId: string;
  /** "ArkFullAccess", "Custom:MyPolicy"… */
  policy: string;
  /** System | Custom; overrides a prefix in `policy` */
  policyType?: string;
  /** Scope: this project only (AttachPolicyInProject); omitted, account-wide. */
  project?: string;
  requestId?: string;
};
export type PolicyChangeResult = {
  subAccount: SubAccountDto;
  policy: PolicyRef;
  project: string | null;
  recorded: boolean;
};

/**
 * Attaches a policy to a sub-account, in one project's scope or account-wide. In a project watched for
 * this sub-account, the policy is also recorded with it, so removing the project detaches it.
 */
export function attachPolicy(deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'volc'>, input: PolicyChangeInput) {
  return changePolicy(deps, input, 'attach');
}

/** Detaches a policy (in a project's scope or account-wide); a project's record drops it too. */
export function detachPolicy(deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'volc'>, input: PolicyChangeInput) {
  return changePolicy(deps, input, 'detach');
}

async function changePolicy(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'volc'>,
  input: PolicyChangeInput,
  verb: 'attach' | 'detach',
): Promise<PolicyChangeResult> {
  const policy = parsePolicyRef(input.policy, input.policyType);
  const project = input.project === undefined ? null : assertProjectName(input.project);
  const sub = await loadPresentSubAccount(deps, input.subAccountId);
  const client = await deps.volc(sub.accountId);
  const user = { UserName: sub.userName, PolicyName: policy.policyName, PolicyType: policy.policyType };
  const scoped = {
    PrincipalType: 'User' as const,
    PrincipalName: sub.userName,
    ...user,
    ProjectName: [project ?? ''],
  };
  // The codes for "attached already" and "not attached" are undocumented: read the attachments instead.
  /** Attached already: the code Volcengine refused the repeated attach with (kept in the audit entry). */
  let heldAlready: string | null = null;
  if (verb === 'attach') {
    // Named checks first, so an unknown project or policy is reported as such.
    if (project !== null) await explainVolc(() => getProject(client, { ProjectName: project }));
    await explainVolc(() =>
      getPolicy(client, { PolicyName: policy.policyName, PolicyType: policy.policyType }),
    );
    await explainVolc(() =>
      attachOrHeld(
        client,
        sub.userName,
        policy,
        project,
        () => (project === null ? attachUserPolicy(client, user) : attachPolicyInProject(client, scoped)),
        (code) => void (heldAlready = code),
      ),
    );
  } else {
    const held = await explainVolc(() => listAttachedUserPolicies(client, { UserName: sub.userName }));
    if (!holds(held, policy, project)) {
      const params = { policy: policy.policyName, name: sub.userName };
      throw new NotFoundError(
        project === null
          ? { reason: 'policy_not_attached', params }
          : { reason: 'policy_not_attached_in_project', params: { ...params, project } },
      );
    }
    await explainVolc(() =>
      project === null ? detachUserPolicy(client, user) : detachPolicyInProject(client, scoped),
    );
  }
  return inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const row =
      project === null ? null : await deps.repos.projects.findByAccountProject(tx, sub.accountId, project);
    let recorded = false;
    if (row && row.subAccountId === sub.id) {
      const others = row.attachedPolicies.filter((p) => !samePolicy(p, policy));
      const next = verb === 'attach' ? [...others, policy] : others;
      if (next.length !== row.attachedPolicies.length || verb === 'attach') {
        await deps.repos.projects.setAttachedPolicies(tx, row.id, next, now);
        recorded = verb === 'attach';
      }
    }
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: `policy.${verb}`,
      target: { type: 'sub_account', id: sub.id },
      after: {
        userName: sub.userName,
        policy,
        scope: project === null ? 'global' : { project },
        recorded,
        ...(heldAlready === null ? {} : { heldAlready: { refusedWith: heldAlready } }),
      },
      requestId: input.requestId,
    });
    return { subAccount: sub, policy, project, recorded };
  });
}
