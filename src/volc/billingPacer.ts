import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { isThrottlingCode, VolcApiError } from './errors.js';

/** The bill APIs allow 5 requests per second per account, all six actions together (ark-api.md §6, CERTAIN). */
export const BILLING_QPS = 5;

/** The limit's window: Volcengine counts requests per second (how exactly is unverified; see the simulator). */
const WINDOW_MS = 1000;
/** Timer granularity and the two clocks' rounding (ours, the gateway's). */
const MARGIN_MS = 20;
/** After a throttle the pacer stays slower this long, then returns to the limit (it used to stay slow for good). */
const SLOW_FOR_MS = 30_000;

/**
 * Keeps an account's requests within `qps` per sliding second however late our timers fire or the answers
 * come. A request may start only when the request `qps` places before it has been *answered* at least a
 * window ago: the gateway counted that one before it answered, and counts this one after we started it, so
 * the two are always a window apart at the gateway whatever the network, the event loop or the gateway's own
 * queue did in between. (Spacing planned start times 1/qps apart, as before, let a late timer bunch
 * requests: one delayed start and the planned ones after it landed six in a second, and every throttled
 * retry made it worse.) Starts are also at least 1/qps apart, so nothing bursts. After Volcengine said
 * "slow down" the window is stretched for a while. qps 0 paces nothing (tests on a virtual clock).
 */
type Turn = { at: number; answeredNow: Promise<void> };

export class Pacer {
  /** the last `qps` requests started, oldest first: when each started and was answered (Infinity in flight) */
  private readonly answered: Turn[] = [];
  private lastStart = -Infinity;
  private queue: Promise<unknown> = Promise.resolve();
  private stretch = 1;
  private stretchedUntil = 0;
  constructor(readonly qps: number) {}

  slowDown(): void {
    this.stretch = Math.min(5, this.stretch * 1.5);
    this.stretchedUntil = performance.now() + SLOW_FOR_MS;
  }

  /** Waits for this request's turn; call the returned function once it has been answered (or failed). */
  acquire(): Promise<() => void> {
    if (this.qps <= 0) return Promise.resolve(() => undefined);
    const turn = this.queue.then(() => this.wait());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async wait(): Promise<() => void> {
    for (;;) {
      const now = performance.now();
      if (now >= this.stretchedUntil) this.stretch = 1;
      const window = (WINDOW_MS + MARGIN_MS) * this.stretch;
      const before = this.answered.length >= this.qps ? this.answered[0]! : null;
      // The gateway counted that request by the time it answered: wait for its answer, then a window.
      if (before && before.at === Infinity) {
        await before.answeredNow;
        continue;
      }
      const at = Math.max(now, this.lastStart + window / this.qps, (before?.at ?? -Infinity) + window);
      if (at <= now) break;
      await sleep(at - now);
    }
    this.lastStart = performance.now();
    let answer = () => {};
    const mine: Turn = {
      at: Infinity,
      answeredNow: new Promise<void>((r) => (answer = r)),
    };
    this.answered.push(mine);
    if (this.answered.length > this.qps) this.answered.shift();
    return () => {
      if (mine.at !== Infinity) return;
      mine.at = performance.now();
      answer();
    };
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

const current = new AsyncLocalStorage<Pacer>();

/**
 * The pacer of the paced call running here, if any: the client takes a turn from it for every attempt it
 * sends — its own quick retries too, which used to go out unpaced and be throttled in turn.
 */
export function currentPacer(): Pacer | undefined {
  return current.getStore();
}

/**
 * One paced call: every attempt the client sends inside `call` waits for the pacer's turn; when Volcengine
 * still throttles after the client's own retries, slows the pacer down (every caller of the account feels it)
 * and tries again a few times. `call` must reach Volcengine through VolcClient (that is where turns are taken).
 */
export async function paced<T>(pacer: Pacer, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await current.run(pacer, call);
    } catch (err) {
      if (!isThrottled(err) || attempt >= THROTTLE_ROUNDS) throw err;
      pacer.slowDown();
      await sleep(THROTTLE_PAUSE_MS * attempt);
    }
  }
}
