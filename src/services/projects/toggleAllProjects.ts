import type { Deps } from '../../deps.js';
import { projectPausesRepo } from '../../db/repos/projectPauses.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { loadSubAccount } from '../iam/loadSubAccount.js';
import type { PausedDecided } from './toggleProject.js';
import {
  closePause,
  openPause,
  pausedPeriods,
  type PausedPeriod,
  type PausedSpendingDecision,
} from './pausedSpending.js';

export type ToggleAllProjectsInput = {
  actor: Actor;
  subAccountId: string;
  monitored: boolean;
  /** On resume: whether the paused periods' spending counts, one decision for all of them. */
  pausedSpending?: PausedSpendingDecision;
  requestId?: string;
};
/** `ask`: the paused periods to decide on first (one question for all); nothing was changed. */
export type ToggleAllProjectsResult = {
  changed: string[];
  total: number;
  ask?: PausedPeriod[];
  decided?: PausedDecided;
};

/**
 * Turns the monitoring of every project of a sub-account on or off, in one transaction. Resuming asks once,
 * for all paused periods with spending, whether they count (see toggleProject).
 */
export async function toggleAllProjects(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: ToggleAllProjectsInput,
): Promise<ToggleAllProjectsResult> {
  const sub = await loadSubAccount(deps, input.subAccountId);
  return inTransaction(deps.db, async (tx) => {
    const projects = await deps.repos.projects.listBySubAccount(tx, sub.id);
    const toChange = projects.filter((p) => p.monitored !== input.monitored);
    const asked = input.monitored ? await pausedPeriods(deps, tx, toChange) : [];
    if (asked.length > 0 && !input.pausedSpending) return { changed: [], total: projects.length, ask: asked };
    const now = deps.clock.now();
    const changed: string[] = [];
    for (const p of toChange) {
      if (!(await projectPausesRepo.setMonitoredIf(tx, p.id, input.monitored, now))) continue;
      changed.push(p.projectName);
      if (input.monitored) {
        const mine = asked.find((a) => a.projectName === p.projectName);
        await closePause(deps, tx, p, mine, input.pausedSpending, input);
      } else await openPause(deps, tx, p);
    }
    if (changed.length > 0) {
      await writeAudit(deps, tx, {
        actor: input.actor,
        action: 'project.toggle_all',
        target: { type: 'sub_account', id: sub.id },
        before: { monitored: !input.monitored, projects: changed },
        after: { monitored: input.monitored, projects: changed },
        requestId: input.requestId,
      });
    }
    const decided = asked.filter((a) => changed.includes(a.projectName));
    return {
      changed,
      total: projects.length,
      ...(decided.length > 0 && input.pausedSpending
        ? { decided: { decision: input.pausedSpending, periods: decided } }
        : {}),
    };
  });
}
