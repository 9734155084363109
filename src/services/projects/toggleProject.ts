import type { Deps } from '../../deps.js';
import { NotFoundError } from '../../errors.js';
import { projectPausesRepo } from '../../db/repos/projectPauses.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { loadSubAccount } from '../iam/loadSubAccount.js';
import { assertProjectName } from '../iam/validation.js';
import {
  closePause,
  openPause,
  pausedPeriods,
  type PausedPeriod,
  type PausedSpendingDecision,
} from './pausedSpending.js';

export type ToggleProjectInput = {
  actor: Actor;
  subAccountId: string;
  projectName: string;
  /** on or off; omitted: the opposite of now */
  monitored?: boolean;
  /** On resume: whether the paused period's spending counts. Needed when there is a paused period to decide. */
  pausedSpending?: PausedSpendingDecision;
  requestId?: string;
};
/**
 * `ask`: the resume needs a decision on the paused period first (pausedSpending); nothing was changed.
 * `changed` false otherwise: the project was already so (or another click got there first).
 */
export type ToggleProjectResult = {
  project: ProjectDto;
  changed: boolean;
  ask?: PausedPeriod[];
  /** the decision taken on the paused period, when one was asked */
  decided?: PausedDecided;
};
export type PausedDecided = { decision: PausedSpendingDecision; periods: PausedPeriod[] };

/**
 * Turns the monitoring of one project on or off: an unmonitored project's spending does not count.
 * Pausing records when; resuming a project paused over whole days with spending asks first whether those
 * days count. At most once: the switch is a compare-and-set, so a double click changes it once.
 */
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
    const asked = monitored ? await pausedPeriods(deps, tx, [project]) : [];
    if (asked.length > 0 && !input.pausedSpending) return { project, changed: false, ask: asked };
    const now = deps.clock.now();
    if (!(await projectPausesRepo.setMonitoredIf(tx, project.id, monitored, now)))
      return { project: { ...project, monitored }, changed: false };
    if (monitored) {
      await closePause(deps, tx, project, asked[0], input.pausedSpending, input);
    } else await openPause(deps, tx, project);
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'project.toggle',
      target: { type: 'sub_account', id: sub.id },
      before: { project: projectName, monitored: project.monitored },
      after: { project: projectName, monitored },
      requestId: input.requestId,
    });
    const after = await deps.repos.projects.findByAccountProject(tx, sub.accountId, projectName);
    return {
      project: after ?? { ...project, monitored, updatedAt: now },
      changed: true,
      ...(asked.length > 0 && input.pausedSpending
        ? { decided: { decision: input.pausedSpending, periods: asked } }
        : {}),
    };
  });
}
