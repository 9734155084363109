import type { SubAccountStatus } from './subAccount.js';
import { ZERO, type Money } from './money.js';
import { QUOTA_EXHAUSTED_REASON, quotaStatus, type QuotaStatus } from './quota.js';
import { EXHAUSTED_STEP, stepToAlert } from './thresholds.js';

/** What the watch knows of one sub-account when it decides. */
export type SubFacts = {
  status: SubAccountStatus;
  disabledReason: string | null;
  reenableRequestedAt: Date | null;
  alertedStep: number | null;
  earlyWarned: boolean;
  /** The ledger balance (the quota). */
  balance: Money;
  /** Σ monitored projects since each project's counts-from day. */
  spent: Money;
  thresholds: readonly number[];
  /** Bill-visible spending per hour over the last 24 h; null when not yet measurable. */
  burnPerHour: Money | null;
};

export type Decision = {
  quota: QuotaStatus;
  /** A threshold below 100 % to alert now (the highest newly reached). */
  step: number | null;
  /** 100 % reached in this epoch for the first time: record it (the disable card tells it). */
  reachedExhausted: boolean;
  /** Hours left at the 24 h burn rate, when within the early-warning horizon and not yet warned. */
  earlyWarningHours: number | null;
  action: 'disable' | 'enable' | null;
};

const quotaDisabled = (s: SubFacts) =>
  s.disabledReason === QUOTA_EXHAUSTED_REASON &&
  (s.status === 'disabled' || s.status === 'disabling' || s.status === 'enabling');

/**
 * The watch's rules for one sub-account, pure. On incomplete billing data (`complete` false) nothing is
 * decided except finishing a re-enable an allocation asked for (D1: no disable, no alert from partial
 * data). On complete data: at 100 % disable (a 'disabling' left by an earlier failure is retried), under
 * 100 % re-enable what the watch itself turned off for the quota; thresholds once per epoch, only the
 * highest newly reached; one early warning per epoch when the 24 h burn empties the quota within the horizon.
 */
export function decide(s: SubFacts, opts: { complete: boolean; earlyWarningHours: number }): Decision {
  const quota = quotaStatus(s.balance, s.spent);
  const out: Decision = { quota, step: null, reachedExhausted: false, earlyWarningHours: null, action: null };
  if (s.status === 'missing') return out;
  if (!opts.complete) {
    if (!quota.exhausted && quotaDisabled(s) && s.reenableRequestedAt) out.action = 'enable';
    return out;
  }
  const step = stepToAlert(quota.percent, s.thresholds, s.alertedStep);
  if (quota.exhausted) {
    out.reachedExhausted = step === EXHAUSTED_STEP;
    if (s.status === 'active' || s.status === 'enabling' || s.status === 'disabling') out.action = 'disable';
    return out;
  }
  out.step = step;
  if (quotaDisabled(s)) out.action = 'enable';
  const burn = s.burnPerHour ?? ZERO;
  if (
    opts.earlyWarningHours > 0 &&
    !s.earlyWarned &&
    s.status === 'active' &&
    burn.gt(0) &&
    quota.remaining.gt(0)
  ) {
    const hours = quota.remaining.div(burn);
    if (hours.lte(opts.earlyWarningHours)) out.earlyWarningHours = hours.toNumber();
  }
  return out;
}
