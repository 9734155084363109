import type { Deps } from '../../deps.js';
import { NotFoundError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { loadSubAccount } from '../iam/loadSubAccount.js';
import { assertProjectName } from '../iam/validation.js';

export type ToggleProjectInput = {
  actor: Actor;
  subAccountId: string;
  projectName: string;
  /** on or off; omitted: the opposite of now */
  monitored?: boolean;
  requestId?: string;
};
export type ToggleProjectResult = { project: ProjectDto; changed: boolean };

/** Turns the monitoring of one project on or off: an unmonitored project's spending does not count. */
export async function toggleProject(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: ToggleProjectInput,
): Promise<ToggleProjectResult> {
  const projectName = assertProjectName(input.projectName);
  const sub = await loadSubAccount(deps, input.subAccountId);
  return inTransaction(deps.db, async (tx) => {
    const project = await deps.repos.projects.findByAccountProject(tx, sub.accountId, projectName);
    if (!project || project.subAccountId !== sub.id) {
      throw new NotFoundError({
        reason: 'project_not_on_sub_account',
        params: { name: sub.userName, project: projectName },
      });
    }
    const monitored = input.monitored ?? !project.monitored;
    if (monitored === project.monitored) return { project, changed: false };
    const now = deps.clock.now();
    await deps.repos.projects.setMonitored(tx, { id: project.id }, monitored, now);
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'project.toggle',
      target: { type: 'sub_account', id: sub.id },
      before: { project: projectName, monitored: project.monitored },
      after: { project: projectName, monitored },
      requestId: input.requestId,
    });
    return { project: { ...project, monitored, updatedAt: now }, changed: true };
  });
}
