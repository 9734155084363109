import type { Clock } from '../clock.js';

/** A token bucket per API key: `burst` requests at once, refilled at `perSecond`. */
export type RateLimitOptions = { burst: number; perSecond: number };

/** Generous for a system polling or filing requests; a runaway loop is slowed, not the others. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { burst: 120, perSecond: 20 };

export type RateDecision =
  { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/**
 * In-memory buckets, one per key id, owned by the app that created them (with several AirGate processes
 * each enforces its own share). Time comes from the injected clock so tests can step it.
 */
export function createRateLimiter(clock: Clock, opts: RateLimitOptions) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    limit: opts.burst,
    take(key: string): RateDecision {
      const now = clock.now().getTime();
      const b = buckets.get(key) ?? { tokens: opts.burst, at: now };
      b.tokens = Math.min(opts.burst, b.tokens + (Math.max(0, now - b.at) / 1000) * opts.perSecond);
      b.at = now;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { allowed: true, remaining: Math.floor(b.tokens) };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / opts.perSecond)) };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
