/**
 * How fast the relay may send: Feishu allows 5 messages/s per chat or user and 50/s, 1000/min per app,
 * counted in sliding windows. Staying under them avoids most 230020 / 99991400 refusals; the ones
 * that still come (other bots in the group, other AirGate processes) are retried with backoff.
 */
export class SendPace {
  private readonly lastSent = new Map<string, number>();
  /** Send times of the last minute, oldest first. */
  private recent: number[] = [];
  private pausedUntil = 0;

  constructor(private readonly o: { perKeyIntervalMs: number; appPerSecond: number; appPerMinute: number }) {}

  keyReady(key: string, now: number): boolean {
    return now - (this.lastSent.get(key) ?? -Infinity) >= this.o.perKeyIntervalMs;
  }

  noteSent(key: string, now: number): void {
    this.lastSent.set(key, now);
    if (this.lastSent.size > 10_000) this.lastSent.clear();
  }

  /** Takes one send from the app's budget, or says there is none left right now. */
  takeApp(now: number): boolean {
    if (this.appWaitMs(now) > 0) return false;
    this.recent.push(now);
    return true;
  }

  /**
   * 0 when the app's budget has a send left now; otherwise how long until it will (a pause after a
   * refusal, or the oldest send of the full second or minute ageing out).
   */
  appWaitMs(now: number): number {
    while (this.recent.length > 0 && this.recent[0]! <= now - 60_000) this.recent.shift();
    let wait = this.pausedUntil - now;
    const n = this.recent.length;
    // The sends of the last second are the newest ones: the second is full when the appPerSecond-th newest
    // is inside it, and frees up when that one ages out.
    const nthNewest = this.o.appPerSecond > 0 ? this.recent[n - this.o.appPerSecond] : now;
    if (nthNewest !== undefined && nthNewest > now - 1000) wait = Math.max(wait, nthNewest + 1000 - now);
    if (n >= this.o.appPerMinute) wait = Math.max(wait, this.recent[n - this.o.appPerMinute]! + 60_000 - now);
    return Math.max(0, wait);
  }

  /** After an app- or tenant-wide refusal (99991400, 11232): no sends at all until `until`. */
  pauseApp(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so retries spread but still grow. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
  return Math.round(step / 2 + random() * (step / 2));
}
