import { billDay } from '../../domain/billingPeriod.js';
import type { SkippedDays } from '../../db/repos/projectPauses.js';

/**
 * The days a paused period leaves out when the team says its spending does not count. Rule: the day of the
 * pause and the day of the resume count in full (a bill day cannot be split by the hour); the whole
 * Shanghai days between them are left out. Null when no whole day lies between.
 */
export function skipRange(pausedAt: Date, resumedAt: Date): SkippedDays | null {
  const from = addDays(billDay(pausedAt), 1);
  const to = addDays(billDay(resumedAt), -1);
  return from <= to ? { from, to } : null;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function isSkipped(day: string, ranges: readonly SkippedDays[] | undefined): boolean {
  return !!ranges && ranges.some((r) => day >= r.from && day <= r.to);
}

/**
 * The counts-from days the bill sweep is given (its `countsFrom` option). The sweep reads a project per day
 * over a whole period when its counts-from day falls inside that period; a project with skipped days in a
 * swept period needs exactly that (otherwise a closed day's revision lands on the period's first day). So
 * such a project is given a day inside the newest swept period its skipped days touch — unless its own
 * counts-from day already makes it read per day in a swept period (kept: that read is what makes its spent
 * exact). Only the sweep's choice of reads changes; the spent still counts from the project's own day.
 */
export function sweepCountsFrom(
  projects: ReadonlyArray<{ id: string; projectName: string; countsFrom: string }>,
  skipped: ReadonlyMap<string, readonly SkippedDays[]>,
  periods: readonly string[],
): Map<string, string> {
  const inside = (day: string, period: string) => day > `${period}-01` && day <= `${period}-31`;
  const out = new Map<string, string>();
  for (const p of projects) {
    out.set(p.projectName, p.countsFrom);
    const ranges = skipped.get(p.id);
    if (!ranges || periods.some((period) => inside(p.countsFrom, period))) continue;
    const touched = [...periods]
      .sort()
      .reverse()
      .find((period) => ranges.some((r) => r.from <= `${period}-31` && r.to >= `${period}-01`));
    if (touched) out.set(p.projectName, `${touched}-02`);
  }
  return out;
}
