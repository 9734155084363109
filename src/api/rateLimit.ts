import type { Clock } from '../clock.js';

/** A token bucket per API key: `burst` requests at once, refilled at `perSecond`. */
export type RateLimitOptions = { burst: number; perSecond: number };

/** Generous for a system polling or filing requests; a runaway loop is slowed, not the others. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { burst: 120, perSecond: 20 };

/**
 * Requests that fail authentication, per client address: enough for a person fixing a typo, not for a
 * flood (each bad key would otherwise cost a database lookup). Checked before the key is looked up.
 */
export const DEFAULT_UNAUTHENTICATED_RATE_LIMIT: RateLimitOptions = { burst: 20, perSecond: 1 };

export type RateDecision =
  { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/**
 * In-memory buckets, one per key (named by the caller), owned by the app that created them (with several
 * AirGate processes each enforces its own share). Time comes from the injected clock so tests can step it.
 */
export function createRateLimiter(clock: Clock, opts: RateLimitOptions) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const decide = (key: string, spend: boolean): RateDecision => {
    const now = clock.now().getTime();
    const b = buckets.get(key) ?? { tokens: opts.burst, at: now };
    b.tokens = Math.min(opts.burst, b.tokens + (Math.max(0, now - b.at) / 1000) * opts.perSecond);
    b.at = now;
    // A full bucket is the default state: dropping it keeps the map as small as the clients misbehaving.
    if (b.tokens >= opts.burst && !spend) buckets.delete(key);
    else buckets.set(key, b);
    if (b.tokens >= 1) {
      if (spend) b.tokens -= 1;
      return { allowed: true, remaining: Math.floor(b.tokens) };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / opts.perSecond)) };
  };
  return {
    limit: opts.burst,
    take(key: string): RateDecision {
      return decide(key, true);
    },
    /** The same answer as take() without spending a token (to refuse before doing any work). */
    peek(key: string): RateDecision {
      return decide(key, false);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
