import type { Deps } from '../../deps.js';
import type { SystemActor } from '../../policies/actor.js';
import type { Settings } from '../settings/schema.js';
import type { CardContext, SubReading } from './alertViews.js';
import type { WatchChange } from './actionAlerts.js';
import type { BurnBase } from './burn.js';
import type { CycleLock } from './lock.js';
import { SPLIT_BILL_LAG_MS } from './splitBilling.js';
import { USAGE_LAG_MS } from '../spending/freshLayer.js';
import { BILLED_EVERY_MS } from '../spending/billed.js';
import { USAGE_QPS } from '../../volc/usagePacer.js';

export type WatchDeps = Pick<Deps, 'config' | 'log' | 'db' | 'clock' | 'repos' | 'notifier' | 'volc'>;

import type { AlertType as WatchAlertType } from '../../domain/alertTypes.js';
export { ALERT_TYPES } from '../../domain/alertTypes.js';
export type { WatchAlertType };

export type AccountOutcome = {
  accountId: string;
  name: string;
  /** Every bill page arrived and parsed: decisions were taken for its sub-accounts. */
  complete: boolean;
  billingCalls: number;
  /** The bill periods the sweep read (the previous month until it is final and settled). */
  periods?: string[];
  rows: number;
  daysWritten: number;
  subAccounts: number;
  error: string | null;
  /** Σ of bill rows naming no project (yuan, a decimal string): nobody's quota, reported; null when none. */
  unattributed: string | null;
  /** Bill rows dated outside their period (refunds, adjustments), counted on the period's nearest day. */
  outsidePeriodRows: number;
  /** Ark usage and price calls of the estimated layer (not billing calls). */
  freshCalls?: number;
  /** Why the estimated layer was left out this cycle (spending was the bill alone). */
  freshError?: string;
  /** Why the billed layer (bill detail) was not read this cycle (the estimate stood for it). */
  billedError?: string;
};

/** What a cycle found and did; stored with the cycle and printed by `airgate check`. */
export type CycleSummary = {
  accounts: AccountOutcome[];
  subAccounts: number;
  alerts: Record<WatchAlertType, number>;
  disabled: string[];
  enabled: string[];
  failures: Array<{ subAccount: string; action: 'disable' | 'enable'; reason: string }>;
  billingCalls: number;
  /** When the newest bill data was first seen, over every sub-account. */
  newestBillRowAt: string | null;
  /** Wall-clock milliseconds per phase of the cycle, summed over accounts (where a slow cycle spent its time). */
  phasesMs: Record<string, number>;
};

export type WatchTuning = {
  /** Requests per second to the billing API per account (Volcengine throttles per access key). */
  billingQps: number;
  billingConcurrency: number;
  /** Ark usage and price reads per second per account (UNVERIFIED limit, see volc/usagePacer). */
  usageQps: number;
  pageSize: number;
  /** Contract billing: the previous month is final on its 6th working day at 10:00, not day 5 (see periodFinalAt). */
  contractBilling: boolean;
  /** How late the split bill may be: days within it are read per day and stood in for by the fresher layers. */
  splitBillLagMs: number;
  /** How late Ark usage may be (GetInferenceUsage: 5–30 min): the estimate's as-of. */
  usageLagMs: number;
  /** How often the billed layer (ListBillDetail 5-minute rows) is read per account; 0 = off. */
  billedEveryMs: number;
  /** The bill lag assumed for the worst-case overspend the cards show. */
  assumedBillLagHours: number;
  /** Quota-disabled sub-accounts whose cloud state is re-read per cycle (drift repair), in rotation. */
  driftChecksPerCycle: number;
};

export const DEFAULT_TUNING: WatchTuning = {
  billingQps: 5,
  billingConcurrency: 3,
  usageQps: USAGE_QPS,
  pageSize: 300,
  contractBilling: false,
  splitBillLagMs: SPLIT_BILL_LAG_MS,
  usageLagMs: USAGE_LAG_MS,
  billedEveryMs: BILLED_EVERY_MS,
  assumedBillLagHours: 2,
  driftChecksPerCycle: 5,
};

export type CycleContext = {
  deps: WatchDeps;
  lock: CycleLock;
  cycleId: number;
  actor: SystemActor;
  requestId: string;
  settings: Settings;
  tuning: WatchTuning;
  card: CardContext;
  burn: BurnBase;
  summary: CycleSummary;
  /** Readings of this cycle by sub-account id (for cards raised after the actions). */
  readings: Map<string, SubReading>;
  /** The disables and enables this cycle attempted: their cards are raised after the actions. */
  changes: WatchChange[];
  /**
   * The start of the oldest cycle since the last finished one that died or failed (its changes may lack
   * their cards), or null when the previous cycle finished.
   */
  recoverSince: Date | null;
  /** Admins' open_ids: critical cards with no other recipient go to each of them (see recipientsFor). */
  adminOpenIds: string[];
};

export function emptySummary(): CycleSummary {
  return {
    accounts: [],
    subAccounts: 0,
    alerts: {
      threshold: 0,
      early_warning: 0,
      disabled: 0,
      re_enabled: 0,
      sync_error: 0,
      enforcement_failed: 0,
    },
    disabled: [],
    enabled: [],
    failures: [],
    billingCalls: 0,
    newestBillRowAt: null,
    phasesMs: {},
  };
}

/** Adds the time since `since` (performance.now()) to a phase of the summary; returns now, for the next phase. */
export function timed(summary: CycleSummary, phase: string, since: number): number {
  const now = performance.now();
  summary.phasesMs[phase] = (summary.phasesMs[phase] ?? 0) + now - since;
  return now;
}

/** A short reason for people and logs: the error's message (Volcengine errors are already scrubbed). */
export function reasonOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}
