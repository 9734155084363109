import { MoneyDecimal, ZERO, sumMoney, type Money } from './money.js';

/** A sub-account's quota position. `quota` is Σ ledger (the balance), `spent` the known spending. */
export type QuotaStatus = {
  quota: Money;
  spent: Money;
  remaining: Money;
  /** spent / quota × 100; Infinity when something was spent without any quota. */
  percent: Money;
  exhausted: boolean;
};

export function quotaStatus(quota: Money, spent: Money): QuotaStatus {
  return {
    quota,
    spent,
    remaining: quota.minus(spent),
    percent: usagePercent(spent, quota),
    exhausted: isExhausted(spent, quota),
  };
}

export function usagePercent(spent: Money, quota: Money): Money {
  if (quota.lte(0)) return spent.gt(0) ? new MoneyDecimal(Infinity) : ZERO;
  return spent.div(quota).times(100);
}

/** 100 % reached: spent ≥ quota, once anything was allocated or spent (a fresh sub-account is not exhausted). */
export function isExhausted(spent: Money, quota: Money): boolean {
  if (quota.lte(0) && spent.lte(0)) return false;
  return spent.gte(quota);
}

/** Spending that counts: the sum over monitored projects only. */
export function knownSpend(projects: Iterable<{ monitored: boolean; spent: Money }>): Money {
  return sumMoney([...projects].filter((p) => p.monitored).map((p) => p.spent));
}

/**
 * The largest amount a deduction may take so that remaining = quota − deduction − spent stays ≥ 0
 * (never negative itself).
 */
export function maxDeductible(quota: Money, spent: Money): Money {
  const room = quota.minus(spent);
  return room.gt(0) ? room : ZERO;
}

/** The disabled reason the watch records at 100 %; only such a disable is undone by an allocation. */
export const QUOTA_EXHAUSTED_REASON = 'quota_exhausted';
