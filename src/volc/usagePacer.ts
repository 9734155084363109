import { Pacer } from './billingPacer.js';

/**
 * Ark's usage and price reads (GetUsage, GetInferenceUsage, ListModelChargeItems, GetModelChargeItem) per
 * account per second. UNVERIFIED: no limit is documented; 2, below the bill APIs' documented 5, is the
 * harsher guess (the Volcengine simulator's `usageQps` default).
 */
export const USAGE_QPS = 2;

const shared = new Map<string, Pacer>();

/**
 * The one pacer of an account's Ark usage and price reads: every such read of the same account in this
 * process waits on it. A different qps than the stored pacer's replaces it (a setting changed, or a test);
 * qps 0 paces nothing (tests on a virtual clock).
 */
export function usagePacer(accountKey: string, qps: number = USAGE_QPS): Pacer {
  const p = shared.get(accountKey);
  if (p && p.qps === qps) return p;
  const fresh = new Pacer(qps);
  shared.set(accountKey, fresh);
  return fresh;
}
