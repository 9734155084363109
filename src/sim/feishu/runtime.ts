import type { ApprovalCenterState } from './approval.js';
import type { SimClock } from './clock.js';
import type { ContactState } from './contact.js';
import type { Faults } from './faults.js';
import { RateLimiter, type RateLimits } from './rateLimit.js';
import { fail, feishuErrors, FeishuApiError } from './responses.js';
import type { SimState } from './state.js';
import type { SimApp, TenantTokens } from './token.js';

/** What every simulator route works with; built once per simulator in server.ts. */
export type SimRuntime = {
  app: SimApp;
  state: SimState;
  clock: SimClock;
  faults: Faults;
  tokens: TenantTokens;
  limiter: RateLimiter;
  limits: RateLimits;
  /** HTTP status of a per-chat/per-message 230020 answer (the error table says 400). */
  chatLimitStatus: number;
  /** Third-party approvals (approval.ts) and the org chart (contact.ts). */
  approval: ApprovalCenterState;
  contact: ContactState;
};

/** The per-chat (or per-user) and storm checks in front of every message write. */
export function throttleChat(rt: SimRuntime, key: string, perSecond = rt.limits.perChatQps): void {
  if (rt.faults.settings.rateLimitStorm) {
    rt.faults.counts.stormRefusals += 1;
    fail(feishuErrors.chatRateLimit, undefined, rt.chatLimitStatus);
  }
  if (!rt.limiter.tryHit(key, perSecond, 1000, rt.clock.now())) {
    fail(feishuErrors.chatRateLimit, undefined, rt.chatLimitStatus);
  }
}

/** The tenant's message-creation limit (send and reply), answered 11232. */
export function throttleTenantSend(rt: SimRuntime): void {
  if (!rt.limiter.tryHit('tenant:send', rt.limits.tenantSendPerSecond, 1000, rt.clock.now()))
    fail(feishuErrors.tenantSendLimit);
}

/** The gateway's app-level frequency control: 50/s and 1000/min, HTTP 429 with x-ogw headers. */
export function throttleApp(rt: SimRuntime): void {
  const now = rt.clock.now();
  for (const [key, limit, windowMs] of [
    ['app:s', rt.limits.perAppPerSecond, 1000],
    ['app:m', rt.limits.perAppPerMin, 60_000],
  ] as const) {
    if (!rt.limiter.tryHit(key, limit, windowMs, now)) {
      throw new FeishuApiError(feishuErrors.appRateLimit, 429, {
        'x-ogw-ratelimit-limit': String(limit),
        'x-ogw-ratelimit-reset': String(rt.limiter.resetSeconds(key, windowMs, now)),
      });
    }
  }
}
