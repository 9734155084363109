import { billDayStart } from '../../domain/billingPeriod.js';
import { MoneyDecimal, ZERO, type Money } from '../../domain/money.js';

const HOUR_MS = 3_600_000;
/** At least this much counted history before an average means anything. */
export const HISTORY_MIN_MS = 24 * HOUR_MS;

type Project = { projectName: string; countsFrom: string; monitored: boolean; spent: Money };

/**
 * Spending per hour from what the bill has shown so far: each monitored project's spent since its
 * counts-from day, divided by the hours since that day began, summed over the projects. Null when no project
 * has counted a full day yet (truly no history), so it is never ¥0.00 for lack of data.
 *
 * This is the rate before the hourly snapshots can say more (a new install, the sandbox's first hour). It
 * leans low (the latest hours are not billed yet), which only matters until the snapshots take over.
 */
export function historyPerHour(projects: readonly Project[], now: Date): Money | null {
  let perHour: Money | null = null;
  for (const p of projects) {
    if (!p.monitored) continue;
    const ms = now.getTime() - billDayStart(p.countsFrom).getTime();
    if (ms < HISTORY_MIN_MS) continue;
    const rate = p.spent.lte(0) ? ZERO : p.spent.times(HOUR_MS).div(new MoneyDecimal(ms));
    perHour = (perHour ?? ZERO).plus(rate);
  }
  return perHour;
}
