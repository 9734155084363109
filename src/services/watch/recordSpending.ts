import type { Deps } from '../../deps.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { DaySpending } from '../../db/repos/spending.js';
import { watchRepo } from '../../db/repos/watch.js';
import { projectPausesRepo, type SkippedDays } from '../../db/repos/projectPauses.js';
import type { CycleLock } from './lock.js';
import { microToMoney, moneyToMicro, toMicro } from './micro.js';
import { dayKey, splitDayKey, type BillSweep } from './sweepBill.js';

export type RecordedSpending = { daysWritten: number; projectsChanged: number };

const WRITE_CHUNK = 1000;

/**
 * Stores a complete sweep in one transaction (checked against the lock's fence): each (project, day)
 * figure that is new or changed is upserted — a late revision replaces the old figure, never adds to it.
 *
 * Per period, a project that starts counting inside it was read per day over the whole period: its days are
 * the bill's, and a stored day the bill no longer shows becomes 0. Every other project was read as the
 * period's total plus its open days per day: the open days are the bill's (0 when absent), the closed days
 * keep the figures stored while they were open, and the period's first day takes the rest — total minus
 * every other day — so the period always sums to the bill's total (a revision of a closed day lands on the
 * first day; those projects count from the first day or earlier, so their spent is exact).
 * Each project's spent is then the sum of its days since its counts-from day, without the days of a paused
 * period the team chose not to count (project_pauses, skipped days); only changed projects are written.
 */
export async function recordSpending(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  lock: CycleLock,
  accountId: string,
  projects: readonly ProjectDto[],
  sweep: BillSweep,
): Promise<RecordedSpending> {
  const now = deps.clock.now();
  const periods = [...sweep.periods].sort();
  const from = `${periods[0]!}-01`;
  const to = `${periods[periods.length - 1]!}-31`;
  const watched = new Set(projects.map((p) => p.projectName));
  const minCountsFrom = projects.reduce((min, p) => (p.countsFrom < min ? p.countsFrom : min), from);

  return inTransaction(deps.db, async (tx) => {
    await lock.check(tx);
    // Only the days a placement can change are read: every period's open days and first day, and every day
    // of the projects read per day. The untouched closed days stay in the database and come in as sums.
    const keepDays = new Set<string>();
    const ranges: Array<{ from: string; to: string; projects: string[] }> = [];
    for (const period of periods) {
      keepDays.add(`${period}-01`);
      for (const day of sweep.openDays.get(period) ?? []) keepDays.add(day);
      const late = [...(sweep.perDay.get(period) ?? [])].filter((p) => watched.has(p));
      if (late.length > 0) ranges.push({ from: `${period}-01`, to: `${period}-31`, projects: late });
    }
    const stored = new Map<string, bigint>();
    for (const d of await watchRepo.spendingDaysAt(tx, accountId, [...keepDays], ranges)) {
      if (!watched.has(d.project) || d.day < minCountsFrom || d.day > to) continue;
      stored.set(dayKey(d.project, d.day), toMicro(d.amount) ?? 0n);
    }
    // The changes over `stored`; a day in neither keeps its stored figure.
    const next = new Map<string, bigint>();
    for (const period of periods) {
      const closed = await watchRepo.spendingSums(tx, accountId, [
        { projects: [...watched], from: `${period}-02`, to: `${period}-31` },
      ]);
      placePeriod(next, stored, closed, period, watched, sweep);
    }

    const writes: Array<{ key: string; amount: bigint }> = [];
    for (const [key, amount] of next) {
      const before = stored.get(key);
      if (before === amount || (before === undefined && amount === 0n)) continue;
      writes.push({ key, amount });
    }
    for (let i = 0; i < writes.length; i += WRITE_CHUNK) {
      const chunk: DaySpending[] = writes.slice(i, i + WRITE_CHUNK).map((w) => {
        const { project, day } = splitDayKey(w.key);
        return { accountId, projectName: project, day, amount: microToMoney(w.amount) };
      });
      await deps.repos.spending.upsertDays(tx, chunk, now);
    }

    // Σ per project since its counts-from day, skipped days left out, in micro-yuan: the stored sum (after
    // the writes above, so it already holds the changes).
    const skippedById = await projectPausesRepo.skippedOf(tx, accountId);
    const groups = new Map<string, { projects: string[]; from: string; to: string; except?: SkippedDays[] }>();
    const byName = new Map(projects.map((p) => [p.projectName, p]));
    for (const p of byName.values()) {
      const except = skippedById.get(p.id);
      const key = JSON.stringify([p.countsFrom, except ?? []]);
      const group = groups.get(key) ?? { projects: [], from: p.countsFrom, to, ...(except ? { except } : {}) };
      group.projects.push(p.projectName);
      groups.set(key, group);
    }
    const spent = await watchRepo.spendingSums(tx, accountId, [...groups.values()]);
    let projectsChanged = 0;
    for (const p of projects) {
      const total = spent.get(p.projectName) ?? 0n;
      if (total !== moneyToMicro(p.spent)) {
        await deps.repos.projects.updateSpent(tx, p.id, microToMoney(total), now);
        projectsChanged++;
      }
    }
    await watchRepo.saveAccount(tx, {
      accountId,
      lastCompleteAt: now,
      newestDay: sweep.newestDay,
      failingSince: null,
      failures: 0,
      lastError: null,
      updatedAt: now,
    });
    return { daysWritten: writes.length, projectsChanged };
  });
}

/**
 * One period's figures into `next`, the changes over `stored` (see recordSpending); `closed` is each
 * project's stored Σ over the period's days after the first.
 */
function placePeriod(
  next: Map<string, bigint>,
  stored: ReadonlyMap<string, bigint>,
  closed: ReadonlyMap<string, bigint>,
  period: string,
  watched: ReadonlySet<string>,
  sweep: BillSweep,
): void {
  const late = sweep.perDay.get(period) ?? new Set<string>();
  const open = new Set(sweep.openDays.get(period) ?? []);
  const inPeriod = (day: string) => day.startsWith(`${period}-`);
  // Projects read per day over the whole period: the bill's days, a vanished day becomes 0.
  for (const key of stored.keys()) {
    const { project, day } = splitDayKey(key);
    if (inPeriod(day) && late.has(project)) next.set(key, 0n);
  }
  for (const [key, amount] of sweep.days) {
    const { project, day } = splitDayKey(key);
    if (inPeriod(day) && (late.has(project) || open.has(day))) next.set(key, amount);
  }
  // The others: open days from the bill (0 when absent), the first day takes the period's rest.
  const anchor = `${period}-01`;
  const rest = new Map<string, bigint>();
  for (const project of watched) {
    if (late.has(project)) continue;
    rest.set(project, (sweep.months.get(dayKey(project, period)) ?? 0n) - (closed.get(project) ?? 0n));
    for (const day of open) {
      const key = dayKey(project, day);
      if (!sweep.days.has(key) && (next.has(key) || stored.has(key))) next.set(key, 0n);
    }
  }
  // `closed` holds the stored figures; the changed days count with their new ones.
  for (const [key, amount] of next) {
    const { project, day } = splitDayKey(key);
    const left = rest.get(project);
    if (left === undefined || !inPeriod(day) || day === anchor) continue;
    rest.set(project, left - (amount - (stored.get(key) ?? 0n)));
  }
  for (const [project, left] of rest) {
    const key = dayKey(project, anchor);
    if (left !== 0n || next.has(key) || stored.has(key)) next.set(key, left);
  }
}
