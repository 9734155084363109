import type { Config } from '../../config/loadConfig.js';
import type { Deps } from '../../deps.js';

/**
 * What the request use cases need: their data, the clock, the notifier their notices go through and the
 * configured language (of the alert chat's card and of people who state none).
 */
export type RequestDeps = Pick<Deps, 'db' | 'repos' | 'clock' | 'notifier' | 'log'> & {
  config: Pick<Config, 'locale'>;
};

/** The decision as a card shows it: names, not operator ids; money as decimal strings; times ISO. */
export type RequestDecisionNotice =
  | { state: 'pending' }
  | { state: 'approved'; by: string; at: string; amount: string; newQuota: string; note: string | null }
  | { state: 'rejected'; by: string; at: string; note: string | null }
  | { state: 'expired'; at: string }
  | { state: 'cancelled'; by: string; at: string };

/** The approval card's facts about a request as it stands (see cards/quotaRequest.ts). */
export type QuotaRequestNoticeView = {
  id: string;
  sub: { id: string; name: string };
  amount: string;
  reason: string;
  /** The requester's name. */
  requester: string;
  createdAt: string;
  expiresAt: string;
  /** The sub-account's position when the card was drawn; `percent` is "Infinity" when spent without quota. */
  usage: { quota: string; spent: string; remaining: string; percent: string };
  decision: RequestDecisionNotice;
  /**
   * Pending requests: yuan per hour (null: not enough data yet), hours the remaining quota lasts at that
   * rate, and hours once the requested amount is approved (null when nothing is being spent).
   */
  burn?: { perHour: string | null; exhaustsInHours: number | null; afterApprovalHours: number | null };
};

/** The requester's direct message once their request is decided or expired. */
export type QuotaRequestOutcomeNoticeView = {
  sub: { id: string; name: string };
  amount: string;
  reason: string;
  decision: Exclude<RequestDecisionNotice, { state: 'pending' }>;
};

/** The subject every notice of a request is filed under. */
export const requestSubject = (id: string) => ({ type: 'quota_request', id });

declare module '../notifications/types.js' {
  interface NotificationViews {
    /** A new request's approval card, to the approvers (and as the reply to the requester's message). */
    'quotaRequest.card': QuotaRequestNoticeView;
    /** The decided card, patched over one copy of the approval card. */
    'quotaRequest.update': QuotaRequestNoticeView;
    'quotaRequest.outcome': QuotaRequestOutcomeNoticeView;
  }
}
