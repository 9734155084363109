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

/** The period after 'YYYY-MM'. */
export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * When a month's bill is final: 10:00 Shanghai on day 5 of the next month for split and cost bills, or on
 * the 6th working day when contract billing exists (volcengine docs 6269/139896: "5th/6th working day";
 * weekends skipped, public holidays not known here — the re-read until unchanged covers them).
 */
export function periodFinalAt(period: string, contractBilling = false): Date {
  const next = nextPeriod(period);
  let day = 5;
  if (contractBilling) {
    let working = 0;
    for (day = 1; ; day++) {
      const weekday = new Date(`${next}-${String(day).padStart(2, '0')}T00:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6 && ++working === 6) break;
    }
  }
  return new Date(billDayStart(`${next}-${String(day).padStart(2, '0')}`).getTime() + 10 * HOUR_MS);
}

/**
 * The bill periods one sweep reads at `now`: the current month and the previous one until it is settled —
 * final (see periodFinalAt) and read once more since without a figure changing (`previousSettled`).
 */
export function periodsToSweep(now: Date, previousSettled: boolean): string[] {
  const current = billPeriod(now);
  return previousSettled ? [current] : [previousPeriod(current), current];
}
