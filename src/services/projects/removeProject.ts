import type { Deps } from '../../deps.js';
import { NotFoundError } from '../../errors.js';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import type { AttachedPolicy, ProjectDto } from '../../db/repos/projects.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { Actor } from '../../policies/actor.js';
import { listAttachedUserPolicies, type VolcAttachedPolicy } from '../../volc/actions/policies.js';
import { detachPolicyInProject } from '../../volc/actions/projects.js';
import { writeAudit } from '../audit/writeAudit.js';
import { loadSubAccount } from '../iam/loadSubAccount.js';
import { assertProjectName } from '../iam/validation.js';
import { holds } from '../iam/policyHeld.js';
import { isVolcCode } from '../iam/volcErrors.js';
import { samePolicy } from './projectPolicies.js';

export type RemoveProjectInput = {
  actor: Actor;
  subAccountId: string;
  projectName: string;
  requestId?: string;
};
export type RemoveProjectResult = {
  subAccount: SubAccountDto;
  project: ProjectDto;
  detached: AttachedPolicy[];
  /** Recorded but no longer attached on Volcengine (detached by hand, user or project deleted). */
  alreadyGone: AttachedPolicy[];
};

/**
 * Stops watching a project and detaches, in its scope, exactly the policies AirGate recorded attaching
 * there (nothing the user held before). A detach that fails leaves the row recording what is still
 * attached (audited), so running the removal again finishes it. What is still attached is read first
 * (Volcengine's codes for "not attached", "no such project/policy" are undocumented): only policies
 * listed in the project's scope are detached, the others are already gone.
 */
export async function removeProject(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'volc'>,
  input: RemoveProjectInput,
): Promise<RemoveProjectResult> {
  const projectName = assertProjectName(input.projectName);
  const sub = await loadSubAccount(deps, input.subAccountId);
  const project = await withReader(deps.db, (m) =>
    deps.repos.projects.findByAccountProject(m, sub.accountId, projectName),
  );
  if (!project || project.subAccountId !== sub.id) {
    throw new NotFoundError({
      reason: 'project_not_on_sub_account',
      params: { name: sub.userName, project: projectName },
    });
  }
  const client = await deps.volc(sub.accountId);
  const detached: AttachedPolicy[] = [];
  const alreadyGone: AttachedPolicy[] = [];
  let held: VolcAttachedPolicy[] = [];
  try {
    held = await listAttachedUserPolicies(client, { UserName: sub.userName });
  } catch (err) {
    // The user is gone from Volcengine (a documented code): so are its attachments.
    if (!isVolcCode(err, 'UserNotExist')) throw err;
  }
  for (const p of project.attachedPolicies) {
    if (!holds(held, p, projectName)) {
      alreadyGone.push(p);
      continue;
    }
    try {
      await detachPolicyInProject(client, {
        PrincipalType: 'User',
        PrincipalName: sub.userName,
        PolicyName: p.policyName,
        PolicyType: p.policyType === 'Custom' ? 'Custom' : 'System',
        ProjectName: [projectName],
      });
      detached.push(p);
    } catch (err) {
      const left = project.attachedPolicies.filter(
        (x) => ![...detached, ...alreadyGone].some((d) => samePolicy(d, x)),
      );
      await inTransaction(deps.db, async (tx) => {
        await deps.repos.projects.setAttachedPolicies(tx, project.id, left, deps.clock.now());
        await writeAudit(deps, tx, {
          actor: input.actor,
          action: 'project.remove_incomplete',
          target: { type: 'sub_account', id: sub.id },
          before: { project: projectName, attachedPolicies: project.attachedPolicies },
          after: { project: projectName, policiesDetached: detached, attachedPolicies: left },
          requestId: input.requestId,
        });
      });
      throw err;
    }
  }
  await inTransaction(deps.db, async (tx) => {
    // A removal running at the same time already finished it: one entry is enough.
    if ((await deps.repos.projects.findByAccountProject(tx, sub.accountId, projectName))?.id !== project.id)
      return;
    await deps.repos.projects.remove(tx, project.id);
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'project.remove',
      target: { type: 'sub_account', id: sub.id },
      before: {
        project: projectName,
        monitored: project.monitored,
        countsFrom: project.countsFrom,
        attachedPolicies: project.attachedPolicies,
      },
      after: { policiesDetached: detached, policiesAlreadyGone: alreadyGone },
      requestId: input.requestId,
    });
  });
  return { subAccount: sub, project, detached, alreadyGone };
}
