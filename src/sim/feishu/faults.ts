import type { Context, Next } from 'koa';
import type { SimClock } from './clock.js';
import { feishuErrors } from './responses.js';

export type FaultSettings = {
  /** Added before every Open API answer. */
  latencyMs?: number;
  /** Share of Open API requests answered HTTP 500 (0..1), drawn from the seeded random source. */
  errorRate?: number;
  /** Until this (simulated) time every Open API request fails as `outageKind` says. */
  outageUntil?: Date | null;
  /** reset: the connection is dropped without an answer (default); 503: a gateway error page. */
  outageKind?: 'reset' | '503';
  /** Every message write (send, reply, patch, ephemeral) is refused with 230020 while on. */
  rateLimitStorm?: boolean;
  /** Open API paths answered HTTP 500 while listed (e.g. the delayed card update alone). */
  failingPaths?: string[];
};

/** Deterministic random numbers (mulberry32) so a failing seed replays the same faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  settings: FaultSettings = {};
  counts = { outage: 0, errors: 0, stormRefusals: 0 };

  constructor(
    private readonly clock: SimClock,
    private readonly random: () => number,
  ) {}

  set(f: FaultSettings): void {
    this.settings = { ...this.settings, ...f };
  }

  inOutage(): boolean {
    const until = this.settings.outageUntil;
    return until instanceof Date && until.getTime() > this.clock.now();
  }

  /** Wraps the Open API (not the /__sim admin endpoints). */
  middleware = async (ctx: Context, next: Next): Promise<void> => {
    const { latencyMs, errorRate } = this.settings;
    if (latencyMs && latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (this.inOutage()) {
      this.counts.outage += 1;
      if (this.settings.outageKind === '503') {
        ctx.status = 503;
        ctx.type = 'text/html';
        ctx.body = '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>';
        return;
      }
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    if (
      (errorRate && errorRate > 0 && this.random() < errorRate) ||
      this.settings.failingPaths?.includes(ctx.path)
    ) {
      this.counts.errors += 1;
      ctx.status = 500;
      ctx.body = feishuErrors.internal;
      return;
    }
    await next();
  };
}
