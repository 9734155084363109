import type { EnforceabilityNotice } from '../enforcement/notices.js';
/**
 * The spending watch's notices, as stored: plain JSON (money and percents as decimal strings, times as ISO
 * strings), holding every fact its cards show, so a stored notice renders the same card again later.
 */

/** A sub-account as a notice names it: `id` for the card's buttons, `name` shown. */
export type NoticeSubRef = { id: string; name: string };

export type NoticeQuota = {
  quota: string;
  spent: string;
  remaining: string;
  /** Percent of quota used; null when it is infinite (spending without any quota). */
  percent: string | null;
};

export type NoticeProjectSpend = { name: string; spent: string };

/** How fresh the data behind an alert is. */
export type NoticeFreshness = {
  /** ISO time the newest bill row was first seen; null when no bill data arrived yet. */
  newestBillRowAt: string | null;
  /** Burn rate × (lag of the freshest layer + check interval), a decimal string. */
  /** null when the burn rate is unknown (too little history): the overspend is unknown, never 0 */
  worstCaseOverspend: string | null;
};

export type NoticeLayers = {
  final: string;
  estimated: string;
  finalAsOf: string | null;
  estimatedAsOf: string | null;
  /** the bill detail's part (issue 14's billed-unsplit layer), absent before it existed */
  billed?: string;
  billedAsOf?: string | null;
};

/** What the spending alerts share: the sub-account, its quota, its projects and how fresh it all is. */
type SpendingFacts = {
  sub: NoticeSubRef;
  quota: NoticeQuota;
  /** Monitored projects, biggest spender first. */
  projects: NoticeProjectSpend[];
  /** Spending per hour (the newest usage hours, else the last 24 h of the bill), a decimal string; null unknown. */
  burnPerHour: string | null;
  freshness: NoticeFreshness;
  /** The bill's part and the estimate's (decimal strings; ISO time), when the estimate is on. */
  layers?: NoticeLayers | null;
  /** ISO time of the cycle (what "n hours ago" counts from). */
  now: string;
};

export type ThresholdNoticeView = SpendingFacts & {
  sub: NoticeSubRef & { owner: string | null };
  threshold: number;
  /** Hours until the remaining quota is used at the burn rate; null when nothing is being spent. */
  exhaustsInHours: number | null;
};

export type EarlyWarningNoticeView = SpendingFacts & { exhaustsInHours: number; horizonHours: number };

export type DisabledNoticeView = SpendingFacts & {
  /** Access key ids turned inactive. */
  accessKeys: string[];
  login: boolean;
  /** ISO time of the disable. */
  at: string;
  /** What AirGate cannot stop in its monitored projects (Ark keys, preset endpoints), when it could be read. */
  enforceability?: EnforceabilityNotice | null;
};

export type ReEnabledNoticeView = {
  sub: NoticeSubRef;
  quota: NoticeQuota;
  /** Access key ids turned back on: only those AirGate had turned off. */
  accessKeys: string[];
  login: boolean;
  /** ISO time of the enable. */
  at: string;
  /** Who made the allocation that brought it back, if known. */
  allocatedBy: string | null;
  /** No allocation: the disable was taken on estimated spending that the bill then showed under 100 %. */
  correctedByBill?: boolean;
};

export type SyncErrorNoticeView = {
  account: string;
  /** ISO time. */
  at: string;
  /** A short, secret-free reason. */
  reason: string;
  consecutive: number;
  subAccounts: number;
  /** ISO time of the last complete sweep; null when there was none. */
  lastCompleteAt: string | null;
};

export type EnforcementFailedNoticeView = {
  sub: NoticeSubRef;
  action: 'disable' | 'enable';
  attempts: number;
  reason: string;
  /** ISO time. */
  at: string;
};

declare module '../notifications/types.js' {
  interface NotificationViews {
    'watch.threshold': ThresholdNoticeView;
    'watch.earlyWarning': EarlyWarningNoticeView;
    'watch.disabled': DisabledNoticeView;
    'watch.reEnabled': ReEnabledNoticeView;
    'watch.syncError': SyncErrorNoticeView;
    'watch.enforcementFailed': EnforcementFailedNoticeView;
  }
}
