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
    if (now < this.pausedUntil) return false;
    while (this.recent.length > 0 && this.recent[0]! <= now - 60_000) this.recent.shift();
    let lastSecond = 0;
    for (let i = this.recent.length - 1; i >= 0 && this.recent[i]! > now - 1000; i--) lastSecond++;
    if (lastSecond >= this.o.appPerSecond || this.recent.length >= this.o.appPerMinute) return false;
    this.recent.push(now);
    return true;
  }

  /** After an app- or tenant-wide refusal (99991400, 11232): no sends at all until `until`. */
  pauseApp(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  appPaused(now: number): boolean {
    return now < this.pausedUntil;
  }
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so retries spread but still grow. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
  return Math.round(step / 2 + random() * (step / 2));
}
