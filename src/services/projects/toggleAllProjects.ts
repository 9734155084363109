import type { Deps } from '../../deps.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { loadSubAccount } from '../iam/loadSubAccount.js';

export type ToggleAllProjectsInput = {
  actor: Actor;
  subAccountId: string;
  monitored: boolean;
  requestId?: string;
};
export type ToggleAllProjectsResult = { changed: string[]; total: number };

/** Turns the monitoring of every project of a sub-account on or off, in one transaction. */
export async function toggleAllProjects(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: ToggleAllProjectsInput,
): Promise<ToggleAllProjectsResult> {
  const sub = await loadSubAccount(deps, input.subAccountId);
  return inTransaction(deps.db, async (tx) => {
    const projects = await deps.repos.projects.listBySubAccount(tx, sub.id);
    const changed = projects.filter((p) => p.monitored !== input.monitored).map((p) => p.projectName);
    if (changed.length > 0) {
      await deps.repos.projects.setMonitored(tx, { subAccountId: sub.id }, input.monitored, deps.clock.now());
      await writeAudit(deps, tx, {
        actor: input.actor,
        action: 'project.toggle_all',
        target: { type: 'sub_account', id: sub.id },
        before: { monitored: !input.monitored, projects: changed },
        after: { monitored: input.monitored, projects: changed },
        requestId: input.requestId,
      });
    }
    return { changed, total: projects.length };
  });
}
