import type { Deps } from '../../deps.js';
import { projectPausesRepo } from '../../db/repos/projectPauses.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { Tx } from '../../db/repos/transaction.js';
import { watchRepo } from '../../db/repos/watch.js';
import { sumMoney, type Money } from '../../domain/money.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { isSkipped, skipRange } from './pausedDays.js';
import { billDayEnd } from '../../domain/billingPeriod.js';
import { SPLIT_BILL_LAG_MS } from '../watch/splitBilling.js';

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
  /** the split bill may still add to `spending` (the last skipped day is within its lag) */
  provisional: boolean;
};

/**
 * The paused periods of `projects` (about to be resumed) that need a decision: a pause with whole days
 * between pause and resume, and spending on them (or spending not known). A project paused before pauses
 * were recorded takes its start from the audit log (its last switch-off); with none, it resumes as it always
 * did, counting everything.
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
    const pause = open.get(p.id) ?? (await pausedAtFromAudit(deps, tx, p));
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
    // The last skipped day is yesterday, always within the split bill's 2-day lag: a ¥0 so far may still
    // grow (and a paused project's Ark usage is not estimated), so a period with whole days is always asked
    // about, its spending unknown while nothing is recorded. The answer holds for whatever arrives later.
    const provisional = !state?.lastCompleteAt || state.lastCompleteAt < closedAt(range.to);
    const spending = sumMoney(rows.map((r) => r.amount));
    const shown = known && !(provisional && spending.isZero()) ? spending : null;
    out.push({
      projectName: p.projectName,
      pausedAt: pause.pausedAt,
      resumeAt: now,
      skipFrom: range.from,
      skipTo: range.to,
      spending: shown,
      provisional,
    });
  }
  return out;
}

/** When a bill day's figures can be taken as final: the day's end plus the split bill's lag. */
const closedAt = (day: string) => new Date(billDayEnd(day).getTime() + SPLIT_BILL_LAG_MS);

/** Opens the pause of a project whose monitoring was just turned off. */
export async function openPause(deps: Pick<Deps, 'clock'>, tx: Tx, p: ProjectDto): Promise<void> {
  await openPauseAt(tx, p, deps.clock.now());
}

const openPauseAt = (tx: Tx, p: ProjectDto, at: Date) =>
  projectPausesRepo.open(
    tx,
    { projectId: p.id, subAccountId: p.subAccountId, accountId: p.accountId, projectName: p.projectName },
    at,
  );

/** The newest switch-off of this project in the audit log (one project or toggle-all), if any. */
async function pausedAtFromAudit(
  deps: Pick<Deps, 'repos'>,
  tx: Tx,
  p: ProjectDto,
): Promise<{ pausedAt: Date } | undefined> {
  const entries = await deps.repos.audit.list(tx, {
    targetType: 'sub_account',
    targetId: p.subAccountId,
    actionPrefix: 'project',
    since: p.createdAt,
    limit: 500,
  });
  for (const e of entries) {
    const after = (e.after ?? {}) as { project?: unknown; projects?: unknown; monitored?: unknown };
    if (
      after.monitored === true &&
      (after.project === p.projectName || includes(after.projects, p.projectName))
    )
      return undefined;
    if (after.monitored !== false) continue;
    if (e.action === 'project.toggle' && after.project === p.projectName) return { pausedAt: e.createdAt };
    if (e.action === 'project.toggle_all' && includes(after.projects, p.projectName))
      return { pausedAt: e.createdAt };
  }
  return undefined;
}

const includes = (list: unknown, name: string) => Array.isArray(list) && list.includes(name);

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
  const now = deps.clock.now();
  let open: { id: string; pausedAt: Date } | undefined = (await projectPausesRepo.openOf(tx, [p.id])).get(
    p.id,
  );
  // A pause from before pauses were recorded (its start read from the audit log): recorded now, then closed.
  if (!open && asked) open = { id: await openPauseAt(tx, p, asked.pausedAt), pausedAt: asked.pausedAt };
  if (!open) return;
  const range = asked && decision === 'skip' ? { from: asked.skipFrom, to: asked.skipTo } : null;
  const closed = await projectPausesRepo.close(
    tx,
    { id: open.id, accountId: p.accountId },
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
