/** Bill days and months are Asia/Shanghai (UTC+8, no daylight saving). */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

export function floorHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

const dayCache = new Map<number, string>();

/** Shanghai calendar day (YYYY-MM-DD) of an instant. */
export function shanghaiDay(ms: number): string {
  const idx = Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
  let s = dayCache.get(idx);
  if (s === undefined) {
    s = new Date(idx * DAY_MS).toISOString().slice(0, 10);
    if (dayCache.size > 20_000) dayCache.clear();
    dayCache.set(idx, s);
  }
  return s;
}

/** Start (UTC ms) of a Shanghai day given as YYYY-MM-DD. */
export function shanghaiDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
}

/** Every Shanghai day of a YYYY-MM bill period. */
export function daysOfPeriod(period: string): string[] {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`);
}

/** `YYYY-MM-DD HH:MM:SS` in Shanghai time, the format of bill row times. */
export function shanghaiDateTime(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
