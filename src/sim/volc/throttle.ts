import { gatewayErrors, type VolcSimError } from './errors.js';

/**
 * Per-account request limits of whole groups of actions, counted on the real wall clock (requests arrive
 * in real time whatever the simulated clock says), over a sliding one-second window shared by every access
 * key of the account (main account and sub-users alike).
 *
 * - `billing`: every action of service `billing` together, **5 QPS per account** (documented: ark-api.md §6,
 *   FINOPS "整理自火山引擎 API Explorer"; volcengine-api.md corrections box "The six bill APIs allow 5 QPS per
 *   account"). Default on.
 * - `arkUsage`: GetUsage, GetInferenceUsage, ListModelChargeItems (and GetModelChargeItem). No limit is
 *   documented: the default (2 QPS shared) is a harsher guess, **unverified**.
 *
 * The window is a strict sliding second (the 6th request within any 1,000 ms is refused): how the real
 * gateway counts (token bucket, fixed second) is unverified, and this is the harsher reading — a client that
 * spaces its request starts 1/qps apart still gets the odd 429 when answers and arrivals jitter.
 *
 * Beyond the limit the answer is HTTP 429 `FlowLimitExceeded` (CodeN 100018) — the gateway's public error
 * code table (ark-api.md §1, DOCM 公共错误码); that the billing gateway uses this code rather than a
 * product-specific one is unverified.
 */
export type ThrottleGroup = 'billing' | 'arkUsage';

export const ARK_USAGE_ACTIONS: ReadonlySet<string> = new Set([
  'GetUsage',
  'GetInferenceUsage',
  'ListModelChargeItems',
  'GetModelChargeItem',
]);

export function throttleGroupOf(service: string, action: string): ThrottleGroup | null {
  if (service === 'billing') return 'billing';
  if (service === 'ark' && ARK_USAGE_ACTIONS.has(action)) return 'arkUsage';
  return null;
}

export class AccountThrottle {
  private readonly windows = new Map<ThrottleGroup, number[]>();
  /** requests refused per group since the simulator started (for benches and tests) */
  readonly refused = new Map<ThrottleGroup, number>();

  /** Counts the request and says whether it is over `limit` per second (0 = no limit). */
  check(group: ThrottleGroup, limit: number, realNowMs: number): VolcSimError | null {
    if (limit <= 0) return null;
    const w = (this.windows.get(group) ?? []).filter((t) => realNowMs - t < 1000);
    if (w.length >= limit) {
      this.windows.set(group, w);
      this.refused.set(group, (this.refused.get(group) ?? 0) + 1);
      return gatewayErrors.flowLimitExceeded();
    }
    w.push(realNowMs);
    this.windows.set(group, w);
    return null;
  }
}
