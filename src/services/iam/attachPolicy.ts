import type { Deps } from '../../deps.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { Actor } from '../../policies/actor.js';
import { attachUserPolicy, detachUserPolicy } from '../../volc/actions/policies.js';
import { attachPolicyInProject, detachPolicyInProject, getProject } from '../../volc/actions/projects.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { policyCanSpend } from '../enforcement/policyReach.js';
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
  /**
   * Attach account-wide a policy that can spend, knowingly: without it such an attach is refused, since
   * what the sub-account spends outside its monitored projects is counted against no quota.
   */
  accountWide?: boolean;
  requestId?: string;
};
export type PolicyChangeResult = {
  subAccount: SubAccountDto;
  policy: PolicyRef;
  project: string | null;
  recorded: boolean;
  /**
   * Attached account-wide and able to spend: the sub-account can now spend outside its monitored projects,
   * and that spending is counted against no quota (the card and the CLI say so).
   */
  uncountedSpending: boolean;
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
  let uncounted = false;
  if (verb === 'attach') {
    // Named checks first, so an unknown project or policy is reported as such.
    if (project !== null) await explainVolc(() => getProject(client, { ProjectName: project }));
    const found = await explainVolc(() =>
      getPolicy(client, { PolicyName: policy.policyName, PolicyType: policy.policyType }),
    );
    uncounted = project === null && policyCanSpend(found.PolicyDocument);
    if (uncounted && input.accountWide !== true) {
      throw new UsageError(
        `${policy.policyName} 可产生消费；账号级授予后，${sub.userName} 在其监控项目之外的消费不计入任何额度。` +
          `请指定项目，或确认账号级授予（聊天里加“全账号”，命令行加 --account-wide） / ` +
          `${policy.policyName} can spend; attached account-wide it lets ${sub.userName} spend outside its ` +
          `monitored projects, counted against no quota. Give a project, or confirm the account-wide attach ` +
          `("account-wide" in chat, --account-wide on the command line)`,
        { field: 'project' },
      );
    }
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
        ...(uncounted ? { uncountedSpending: true } : {}),
        ...(heldAlready === null ? {} : { heldAlready: { refusedWith: heldAlready } }),
      },
      requestId: input.requestId,
    });
    return { subAccount: sub, policy, project, recorded, uncountedSpending: uncounted };
  });
}
