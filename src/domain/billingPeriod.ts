/**
 * Bill days and months as Volcengine cuts them: Asia/Shanghai (UTC+8, no daylight saving). Times stay UTC
 * everywhere else; only these functions turn an instant into a bill day or period.
 */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** 'YYYY-MM-DD' of the Shanghai day containing `at`. */
export function billDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM' of the Shanghai month containing `at`. */
export function billPeriod(at: Date): string {
  return billDay(at).slice(0, 7);
}

/** The period before 'YYYY-MM'. */
export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The UTC instant a Shanghai day starts. */
export function billDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** The UTC instant a Shanghai day ends (the next day's start). */
export function billDayEnd(day: string): Date {
  return new Date(billDayStart(day).getTime() + DAY_MS);
}

/**
 * The bill periods one sweep reads at `now`: the current month and, during the first `boundaryDays` days
 * of a month, the previous one too (its last days' rows and late revisions still arrive then).
 */
export function periodsToSweep(now: Date, boundaryDays: number): string[] {
  const day = billDay(now);
  const current = day.slice(0, 7);
  return Number(day.slice(8, 10)) <= boundaryDays ? [previousPeriod(current), current] : [current];
}
