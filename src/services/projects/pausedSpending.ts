import type { Deps } from '../../deps.js';
import { projectPausesRepo } from '../../db/repos/projectPauses.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { Tx } from '../../db/repos/transaction.js';
import { watchRepo } from '../../db/repos/watch.js';
import { sumMoney, type Money } from '../../domain/money.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { isSkipped, skipRange } from './pausedDays.js';

/** Whether a resumed project's paused period counts against the quota. */
export type PausedSpendingDecision = 'count' | 'skip';

/** A paused period the team must decide on before the project is resumed. */
export type PausedPeriod = {
  projectName: string;
  pausedAt: Date;
  /** the moment the question was asked (the resume would happen now) */
  resumeAt: Date;
  /** the whole Shanghai days that "do not count" leaves out ('YYYY-MM-DD', inclusive) */
  skipFrom: string;
  skipTo: string;
  /** spending recorded on those days so far; null when no complete bill read happened since the pause */
  spending: Money | null;
};

/**
 * The paused periods of `projects` (about to be resumed) that need a decision: a recorded pause with whole
 * days between pause and resume, and spending on them (or spending not known). A project paused before
 * pauses were recorded has no known start: it resumes as it always did, counting everything.
 */
export async function pausedPeriods(
  deps: Pick<Deps, 'repos' | 'clock'>,
  tx: Tx,
  projects: readonly ProjectDto[],
): Promise<PausedPeriod[]> {
  const paused = projects.filter((p) => !p.monitored);
  if (paused.length === 0) return [];
  const now = deps.clock.now();
  const open = await projectPausesRepo.openOf(
    tx,
    paused.map((p) => p.id),
  );
  const out: PausedPeriod[] = [];
  for (const p of paused) {
    const pause = open.get(p.id);
    const range = pause ? skipRange(pause.pausedAt, now) : null;
    if (!pause || !range) continue;
    const state = await watchRepo.account(tx, p.accountId);
    const known = !!state?.lastCompleteAt && state.lastCompleteAt >= pause.pausedAt;
    const rows = await deps.repos.spending.list(tx, {
      accountId: p.accountId,
      projectNames: [p.projectName],
      sinceDay: range.from,
      untilDay: range.to,
    });
    const spending = sumMoney(rows.map((r) => r.amount));
    if (known && spending.isZero()) continue;
    out.push({
      projectName: p.projectName,
      pausedAt: pause.pausedAt,
      resumeAt: now,
      skipFrom: range.from,
      skipTo: range.to,
      spending: known ? spending : null,
    });
  }
  return out;
}

/** Opens the pause of a project whose monitoring was just turned off. */
export async function openPause(deps: Pick<Deps, 'clock'>, tx: Tx, p: ProjectDto): Promise<void> {
  await projectPausesRepo.open(
    tx,
    { projectId: p.id, subAccountId: p.subAccountId, accountId: p.accountId, projectName: p.projectName },
    deps.clock.now(),
  );
}

/**
 * Closes the pause of a project whose monitoring was just turned back on, with the decision (none asked:
 * `count`, as before pauses were recorded). "Skip" stores the skipped days and takes them out of the
 * project's spent at once (the next sweep keeps them out), so the quota shown right after the resume is
 * already without them. Writes an audit entry for a decision that was asked. Never touches the ledger.
 */
export async function closePause(
  deps: Pick<Deps, 'repos' | 'clock'>,
  tx: Tx,
  p: ProjectDto,
  asked: PausedPeriod | undefined,
  decision: PausedSpendingDecision | undefined,
  meta: { actor: Actor; requestId?: string },
): Promise<void> {
  const open = (await projectPausesRepo.openOf(tx, [p.id])).get(p.id);
  if (!open) return;
  const now = deps.clock.now();
  const range = asked && decision === 'skip' ? { from: asked.skipFrom, to: asked.skipTo } : null;
  const closed = await projectPausesRepo.close(
    tx,
    open.id,
    {
      decision: asked ? (decision ?? 'count') : 'count',
      skipFrom: range?.from ?? null,
      skipTo: range?.to ?? null,
    },
    now,
  );
  if (!closed || !asked) return;
  if (range) await recomputeSpent(deps, tx, p);
  await writeAudit(deps, tx, {
    actor: meta.actor,
    action: 'project.paused_spending',
    target: { type: 'sub_account', id: p.subAccountId },
    before: { project: p.projectName, pausedAt: open.pausedAt, spent: p.spent },
    after: {
      project: p.projectName,
      decision: decision ?? 'count',
      skipFrom: asked.skipFrom,
      skipTo: asked.skipTo,
      spendingOnSkippedDays: asked.spending,
    },
    requestId: meta.requestId,
  });
}

/** The project's spent from its stored days: since its counts-from day, without its skipped days. */
async function recomputeSpent(deps: Pick<Deps, 'repos' | 'clock'>, tx: Tx, p: ProjectDto): Promise<void> {
  const skipped = (await projectPausesRepo.skippedOf(tx, p.accountId)).get(p.id);
  const rows = await deps.repos.spending.list(tx, {
    accountId: p.accountId,
    projectNames: [p.projectName],
    sinceDay: p.countsFrom,
  });
  const spent = sumMoney(rows.filter((r) => !isSkipped(r.day, skipped)).map((r) => r.amount));
  if (!spent.eq(p.spent)) await deps.repos.projects.updateSpent(tx, p.id, spent, deps.clock.now());
}
