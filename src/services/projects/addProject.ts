import type { Deps } from '../../deps.js';
import { AppError, ConflictError, type ErrorCode } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import { isUniqueViolation } from '../../db/repos/errors.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { Actor } from '../../policies/actor.js';
import type { VolcClient } from '../../volc/client.js';
import { listAttachedUserPolicies } from '../../volc/actions/policies.js';
import { attachPolicyInProject, detachPolicyInProject, getProject } from '../../volc/actions/projects.js';
import { writeAudit } from '../audit/writeAudit.js';
import { getSettings } from '../settings/getSettings.js';
import { loadPresentSubAccount } from '../iam/loadSubAccount.js';
import { assertProjectName, type PolicyRef } from '../iam/validation.js';
import { attachOrHeld, holds } from '../iam/policyHeld.js';
import { explainVolc, explained } from '../iam/volcErrors.js';
import { billDay } from '../../domain/billingPeriod.js';
import { assertDay, defaultPolicyRefs, heldInProject, policyLabel } from './projectPolicies.js';
import { projectTakenError } from './projectTaken.js';

export type AddProjectInput = {
  actor: Actor;
  subAccountId: string;
  projectName: string;
  /** The bill day (Asia/Shanghai) from which spending counts; default today. */
  countsFrom?: string;
  requestId?: string;
};

export type AddProjectResult = {
  subAccount: SubAccountDto;
  project: ProjectDto;
  /** Attached by AirGate in the project's scope, and recorded so removal detaches exactly these. */
  attached: PolicyRef[];
  /** Default policies the user already held in that project: not attached, not recorded, never detached. */
  alreadyHeld: PolicyRef[];
};

/**
 * Watches a Volcengine project for a sub-account and grants it the default policies (settings) in that
 * project's scope only, with AttachPolicyInProject — AttachUserPolicy would grant them account-wide.
 *
 * Intent first: the project row (monitored, so spending counts at once) is inserted with its audit entry
 * before any cloud call, recording the policies about to be attached; the unique (account, project) index
 * refuses a project watched for someone else, also under a race. If an attach fails, those already
 * attached are detached again and the row is deleted (audited as rolled back), so nothing is left
 * half-attached; if even a detach fails, the row stays and records exactly what is still attached, so
 * removing the project cleans up. A crash between the two leaves the row recording every intended
 * policy: removal detaches those and tolerates the ones never attached.
 */
export async function addProject(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'volc'>,
  input: AddProjectInput,
): Promise<AddProjectResult> {
  const projectName = assertProjectName(input.projectName);
  const countsFrom = input.countsFrom === undefined ? billDay(deps.clock.now()) : assertDay(input.countsFrom);
  const sub = await loadPresentSubAccount(deps, input.subAccountId);
  const wanted = defaultPolicyRefs((await getSettings(deps)).defaultProjectPolicies);
  const client = await deps.volc(sub.accountId);

  await explainVolc(() => getProject(client, { ProjectName: projectName }));
  const held = await explainVolc(() => listAttachedUserPolicies(client, { UserName: sub.userName }));
  const alreadyHeld = wanted.filter((p) => heldInProject(held, p, projectName));
  const toAttach = wanted.filter((p) => !alreadyHeld.includes(p));

  const reserved = await inTransaction(deps.db, async (tx) => {
    const taken = await deps.repos.projects.findByAccountProject(tx, sub.accountId, projectName);
    if (taken) throw await projectTakenError(deps.repos, tx, taken, sub);
    let project: ProjectDto;
    try {
      project = await deps.repos.projects.insert(
        tx,
        {
          subAccountId: sub.id,
          accountId: sub.accountId,
          projectName,
          countsFrom,
          attachedPolicies: toAttach,
        },
        deps.clock.now(),
      );
    } catch (err) {
      if (isUniqueViolation(err))
        throw new ConflictError({ reason: 'project_just_added', params: { project: projectName } });
      throw err;
    }
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'project.add',
      target: { type: 'sub_account', id: sub.id },
      after: {
        project: projectName,
        countsFrom,
        monitored: true,
        policiesAttached: toAttach,
        policiesAlreadyHeld: alreadyHeld,
      },
      requestId: input.requestId,
    });
    return project;
  });

  const attached: PolicyRef[] = [];
  for (const p of toAttach) {
    try {
      await attachOrHeld(client, sub.userName, p, projectName, () =>
        attachPolicyInProject(client, principal(sub, p, projectName)),
      );
    } catch (err) {
      throw await rollBack(deps, client, {
        ...input,
        sub,
        project: reserved,
        attached,
        failed: p,
        cause: err,
      });
    }
    attached.push(p);
  }
  return { subAccount: sub, project: reserved, attached, alreadyHeld };
}

function principal(sub: SubAccountDto, p: PolicyRef, projectName: string) {
  return {
    PrincipalType: 'User' as const,
    PrincipalName: sub.userName,
    PolicyName: p.policyName,
    PolicyType: p.policyType,
    ProjectName: [projectName],
  };
}

/** Detaches what this call attached, newest first; deletes the row, or keeps it recording what is left. */
async function rollBack(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  client: VolcClient,
  r: AddProjectInput & {
    sub: SubAccountDto;
    project: ProjectDto;
    attached: PolicyRef[];
    failed: PolicyRef;
    cause: unknown;
  },
): Promise<ProjectAttachError> {
  const stillAttached: PolicyRef[] = [];
  for (const p of [...r.attached].reverse()) {
    try {
      await detachPolicyInProject(client, principal(r.sub, p, r.project.projectName));
    } catch {
      // Whatever the (undocumented) code, what counts is whether it is still attached: read it back.
      const held = await listAttachedUserPolicies(client, { UserName: r.sub.userName }).catch(() => null);
      if (!held || holds(held, p, r.project.projectName)) stillAttached.push(p);
    }
  }
  const error = new ProjectAttachError(
    r.project.projectName,
    r.failed,
    r.attached,
    stillAttached,
    explained(r.cause),
  );
  await inTransaction(deps.db, async (tx) => {
    if (stillAttached.length === 0) await deps.repos.projects.remove(tx, r.project.id);
    else await deps.repos.projects.setAttachedPolicies(tx, r.project.id, stillAttached, deps.clock.now());
    await writeAudit(deps, tx, {
      actor: r.actor,
      action: 'project.add_rolled_back',
      target: { type: 'sub_account', id: r.sub.id },
      before: { project: r.project.projectName, attachedPolicies: r.project.attachedPolicies },
      after: {
        project: r.project.projectName,
        failedPolicy: r.failed,
        policiesDetached: r.attached.filter((p) => !stillAttached.includes(p)),
        policiesStillAttached: stillAttached,
        removed: stillAttached.length === 0,
        error: error.message,
      },
      requestId: r.requestId,
    });
  });
  return error;
}

/** An attach failed midway; carries the code of its cause (a missing policy is not_found, an outage upstream). */
export class ProjectAttachError extends AppError {
  readonly code: ErrorCode;
  constructor(
    readonly projectName: string,
    readonly failed: PolicyRef,
    readonly detached: PolicyRef[],
    readonly stillAttached: PolicyRef[],
    cause: unknown,
  ) {
    // The cause's own text rides along as `cause`: the edges put a reason stored there into their words too.
    const why = cause instanceof Error ? cause.message : String(cause);
    const undone = detached.filter((p) => !stillAttached.includes(p)).map(policyLabel);
    const base = { project: projectName, policy: policyLabel(failed), cause: why };
    super(
      stillAttached.length > 0
        ? {
            reason: 'project_attach_failed_stuck',
            params: { ...base, stuck: stillAttached.map(policyLabel).join(', ') },
          }
        : undone.length > 0
          ? { reason: 'project_attach_failed_undone', params: { ...base, undone: undone.join(', ') } }
          : { reason: 'project_attach_failed_nothing', params: base },
      { cause },
    );
    this.code = cause instanceof AppError ? cause.code : 'upstream';
  }
}
