import { setTimeout as sleep } from 'node:timers/promises';
import { isThrottlingCode, VolcApiError } from './errors.js';

/** The bill APIs allow 5 requests per second per account, all six actions together (ark-api.md §6, CERTAIN). */
export const BILLING_QPS = 5;

/**
 * Spaces request starts at least 1/qps apart (a little more, so a sliding one-second window never sees
 * qps+1), and further apart after Volcengine said "slow down". qps 0 paces nothing (tests on a virtual clock).
 */
export class Pacer {
  private nextAt = 0;
  private gapMs: number;
  constructor(readonly qps: number) {
    this.gapMs = qps > 0 ? 1050 / qps : 0;
  }
  slowDown(): void {
    this.gapMs = Math.min(5_000, Math.max(this.gapMs * 1.5, 50));
  }
  async slot(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.gapMs;
    if (at > now) await sleep(at - now);
  }
}

const shared = new Map<string, Pacer>();

/**
 * The one pacer of an account's billing actions (ListSplitBillDetail, ListBillDetail, … share the 5 QPS):
 * every billing read of the same account in this process waits on it, whichever part of AirGate makes it.
 * A different qps than the stored pacer's replaces it (a setting changed, or a test).
 */
export function billingPacer(accountKey: string, qps: number = BILLING_QPS): Pacer {
  const p = shared.get(accountKey);
  if (p && p.qps === qps) return p;
  const fresh = new Pacer(qps);
  shared.set(accountKey, fresh);
  return fresh;
}

/** Throttled even after the client's quick retries (HTTP 429 or a throttling code). */
export function isThrottled(err: unknown): boolean {
  return err instanceof VolcApiError && (err.httpStatus === 429 || isThrottlingCode(err.apiCode));
}

const THROTTLE_ROUNDS = 4;
const THROTTLE_PAUSE_MS = 1_000;

/**
 * One paced call: waits for the pacer's slot, and when Volcengine still throttles after the client's own
 * retries, slows the pacer down (every caller of the account feels it) and tries again a few times.
 */
export async function paced<T>(pacer: Pacer, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await pacer.slot();
    try {
      return await call();
    } catch (err) {
      if (!isThrottled(err) || attempt >= THROTTLE_ROUNDS) throw err;
      pacer.slowDown();
      await sleep(THROTTLE_PAUSE_MS * attempt);
    }
  }
}
