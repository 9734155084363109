import type { EntityManager } from 'typeorm';
import type { Deps } from '../../deps.js';
import type { Money } from '../../domain/money.js';
import { isMysql } from '../../db/dataSource.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { DaySpending } from '../../db/repos/spending.js';
import { watchRepo } from '../../db/repos/watch.js';
import { projectPausesRepo, type SkippedDays } from '../../db/repos/projectPauses.js';
import type { CycleLock } from './lock.js';
import { microToMoney, moneyToMicro, toMicro } from './micro.js';
import { dayKey, splitDayKey, type BillSweep, type SweepPlan } from './sweepBill.js';

export type RecordedSpending = { daysWritten: number; projectsChanged: number };

/**
 * The stored figures a sweep's placement starts from (see recordSpending): the days it can change, and per
 * period each project's Σ over the days after the first. Read ahead, while the sweep reads the bill: only a
 * cycle holding the lock writes spending days, so they are what the write transaction would read (its fence
 * check refuses the writes if the lock was lost meanwhile). `plan` says which sweep they were read for.
 */
export type StoredSpending = {
  plan: string;
  stored: Map<string, bigint>;
  closed: Map<string, Map<string, bigint>>;
};

/** Projects per query of the stored sums read ahead. */
const SLICE = 250;

type Plan = {
  key: string;
  periods: string[];
  keepDays: string[];
  ranges: Array<{ from: string; to: string; projects: string[] }>;
};

/**
 * Only the days a placement can change are read: every period's open days and first day, and every day of
 * the projects read per day. The untouched closed days stay in the database and come in as sums.
 */
function planOf(projects: readonly ProjectDto[], periodsRead: readonly string[], sweep: SweepPlan): Plan {
  const periods = [...periodsRead].sort();
  const watched = new Set(projects.map((p) => p.projectName));
  const keepDays = new Set<string>();
  const ranges: Plan['ranges'] = [];
  for (const period of periods) {
    keepDays.add(`${period}-01`);
    for (const day of sweep.openDays.get(period) ?? []) keepDays.add(day);
    const late = [...(sweep.perDay.get(period) ?? [])].filter((p) => watched.has(p));
    if (late.length > 0) ranges.push({ from: `${period}-01`, to: `${period}-31`, projects: late });
  }
  const names = projects.map((p) => `${p.id}:${p.projectName}:${p.countsFrom}`).sort();
  const key = JSON.stringify([periods, [...keepDays].sort(), ranges, names]);
  return { key, periods, keepDays: [...keepDays], ranges };
}

/** Reads what recordSpending starts from, for a sweep of `periods` with `plan` (see StoredSpending). */
export async function readStoredSpending(
  m: EntityManager,
  accountId: string,
  projects: readonly ProjectDto[],
  periods: readonly string[],
  plan: SweepPlan,
): Promise<StoredSpending> {
  return readStored(m, accountId, projects, planOf(projects, periods, plan));
}

async function readStored(
  m: EntityManager,
  accountId: string,
  projects: readonly ProjectDto[],
  plan: Plan,
): Promise<StoredSpending> {
  const { periods } = plan;
  const to = `${periods[periods.length - 1]!}-31`;
  const watched = new Set(projects.map((p) => p.projectName));
  const minCountsFrom = projects.reduce(
    (min, p) => (p.countsFrom < min ? p.countsFrom : min),
    `${periods[0]!}-01`,
  );
  // In slices: a day, or a few hundred projects, per query (see yieldToAnswers).
  const stored = new Map<string, bigint>();
  const keep = (rows: Awaited<ReturnType<typeof watchRepo.spendingDaysAt>>) => {
    for (const d of rows) {
      if (!watched.has(d.project) || d.day < minCountsFrom || d.day > to) continue;
      stored.set(dayKey(d.project, d.day), toMicro(d.amount) ?? 0n);
    }
  };
  for (const day of plan.keepDays) {
    await yieldToAnswers(m);
    keep(await watchRepo.spendingDaysAt(m, accountId, [day], []));
  }
  for (const range of plan.ranges) {
    await yieldToAnswers(m);
    keep(await watchRepo.spendingDaysAt(m, accountId, [], [range]));
  }
  const names = [...watched];
  const closed = new Map<string, Map<string, bigint>>();
  for (const period of periods) {
    const sums = new Map<string, bigint>();
    for (let i = 0; i < names.length; i += SLICE) {
      await yieldToAnswers(m);
      const part = await watchRepo.spendingSums(m, accountId, [
        { projects: names.slice(i, i + SLICE), from: `${period}-02`, to: `${period}-31` },
      ]);
      for (const [project, sum] of part) sums.set(project, sum);
    }
    closed.set(period, sums);
  }
  return { plan: plan.key, stored, closed };
}

/**
 * Read ahead, the queries run while bill pages come in; SQLite's are synchronous, so between them the event
 * loop takes the answers that arrived (the billing pacer counts its window from each answer's arrival).
 */
async function yieldToAnswers(m: EntityManager): Promise<void> {
  if (!isMysql(m.connection)) await new Promise<void>((resolve) => setImmediate(resolve));
}

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
 * `ahead`, the stored figures read while the sweep ran (readStoredSpending), saves reading them here when
 * they were read for this very sweep and these projects.
 */
export async function recordSpending(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  lock: CycleLock,
  accountId: string,
  projects: readonly ProjectDto[],
  sweep: BillSweep,
  ahead?: StoredSpending | null,
): Promise<RecordedSpending> {
  const now = deps.clock.now();
  const plan = planOf(projects, sweep.periods, sweep);
  const { periods } = plan;
  const to = `${periods[periods.length - 1]!}-31`;
  const watched = new Set(projects.map((p) => p.projectName));

  return inTransaction(deps.db, async (tx) => {
    await lock.check(tx);
    const { stored, closed } =
      ahead?.plan === plan.key ? ahead : await readStored(tx, accountId, projects, plan);
    // The changes over `stored`; a day in neither keeps its stored figure.
    const next = new Map<string, bigint>();
    for (const period of periods) placePeriod(next, stored, closed.get(period)!, period, watched, sweep);

    const keys: string[] = [];
    for (const [key, amount] of next) {
      const before = stored.get(key);
      if (before === amount || (before === undefined && amount === 0n)) continue;
      keys.push(key);
    }
    // In (project, day) order, the order of the (account, project, day) index: 24,000 upserts then walk the
    // index and the table forward instead of jumping across them.
    keys.sort();
    const writes: DaySpending[] = keys.map((key) => {
      const { project, day } = splitDayKey(key);
      return { accountId, projectName: project, day, amount: microToMoney(next.get(key)!) };
    });
    await deps.repos.spending.upsertDays(tx, writes, now);

    // Σ per project since its counts-from day, skipped days left out, in micro-yuan: the stored sum (after
    // the writes above, so it already holds the changes).
    const skippedById = await projectPausesRepo.skippedOf(tx, accountId);
    const groups = new Map<
      string,
      { projects: string[]; from: string; to: string; except?: SkippedDays[] }
    >();
    const byName = new Map(projects.map((p) => [p.projectName, p]));
    for (const p of byName.values()) {
      const except = skippedById.get(p.id);
      const key = JSON.stringify([p.countsFrom, except ?? []]);
      const group = groups.get(key) ?? {
        projects: [],
        from: p.countsFrom,
        to,
        ...(except ? { except } : {}),
      };
      group.projects.push(p.projectName);
      groups.set(key, group);
    }
    const spent = await watchRepo.spendingSums(tx, accountId, [...groups.values()]);
    const changed: Array<{ id: string; spent: Money }> = [];
    for (const p of projects) {
      const total = spent.get(p.projectName) ?? 0n;
      if (total !== moneyToMicro(p.spent)) changed.push({ id: p.id, spent: microToMoney(total) });
    }
    await watchRepo.setProjectsSpent(tx, changed, now);
    await watchRepo.saveAccount(tx, {
      accountId,
      lastCompleteAt: now,
      newestDay: sweep.newestDay,
      failingSince: null,
      failures: 0,
      lastError: null,
      updatedAt: now,
    });
    return { daysWritten: writes.length, projectsChanged: changed.length };
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
