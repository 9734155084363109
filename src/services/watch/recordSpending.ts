import type { Deps } from '../../deps.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { DaySpending } from '../../db/repos/spending.js';
import { watchRepo } from '../../db/repos/watch.js';
import type { CycleLock } from './lock.js';
import { microToMoney, moneyToMicro, toMicro } from './micro.js';
import { dayKey, splitDayKey, type BillSweep } from './sweepBill.js';

export type RecordedSpending = { daysWritten: number; projectsChanged: number };

const WRITE_CHUNK = 1000;

/**
 * Stores a complete sweep in one transaction (checked against the lock's fence): each (project, day)
 * figure that is new or changed is upserted — a late revision replaces the old figure, never adds to it —
 * and a stored day the bill no longer shows becomes 0. Each project's spent is then the sum of its days
 * since its counts-from day (older days come from earlier sweeps); only changed projects are written.
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
    // Σ per project since its counts-from day, in micro-yuan.
    const countsFrom = new Map(projects.map((p) => [p.projectName, p.countsFrom]));
    const spent = new Map<string, bigint>();
    const count = (project: string, day: string, amount: bigint) => {
      if (day >= countsFrom.get(project)!) spent.set(project, (spent.get(project) ?? 0n) + amount);
    };
    const stored = new Map<string, bigint>();
    for (const d of await watchRepo.spendingDays(tx, accountId, minCountsFrom, to)) {
      if (!watched.has(d.project)) continue;
      const amount = toMicro(d.amount) ?? 0n;
      if (d.day >= from) stored.set(dayKey(d.project, d.day), amount);
      else count(d.project, d.day, amount);
    }

    const writes: Array<{ key: string; amount: bigint }> = [];
    for (const [key, amount] of sweep.days) {
      const { project, day } = splitDayKey(key);
      count(project, day, amount);
      if (stored.get(key) !== amount) writes.push({ key, amount });
    }
    for (const [key, before] of stored)
      if (!sweep.days.has(key) && before !== 0n) writes.push({ key, amount: 0n });
    for (let i = 0; i < writes.length; i += WRITE_CHUNK) {
      const chunk: DaySpending[] = writes.slice(i, i + WRITE_CHUNK).map((w) => {
        const { project, day } = splitDayKey(w.key);
        return { accountId, projectName: project, day, amount: microToMoney(w.amount) };
      });
      await deps.repos.spending.upsertDays(tx, chunk, now);
    }

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
