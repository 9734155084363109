import type { Config } from '../../config/loadConfig.js';
import type { Deps } from '../../deps.js';
import type { OrgChartPort } from './approvalCenter.js';

/**
 * What the request use cases need: their data, the clock, the notifier their notices go through and the
 * configured language (of the alert chat's card and of people who state none).
 */
export type RequestDeps = Pick<Deps, 'db' | 'repos' | 'clock' | 'notifier' | 'log'> & {
  config: Pick<Config, 'locale'>;
  /** The org chart a department's route is read from (absent: the configured approvers decide). */
  orgChart?: OrgChartPort | undefined;
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
  /** Who decides (absent on requests filed before routes were kept). */
  route?: RouteNotice;
  /** A department route with more than one step: who approved which step, and whose turn it is. */
  steps?: StepsNotice;
  /**
   * Pending requests: yuan per hour (null: not enough data yet), hours the remaining quota lasts at that
   * rate, and hours once the requested amount is approved (null when nothing is being spent).
   */
  burn?: { perHour: string | null; exhaustsInHours: number | null; afterApprovalHours: number | null };
};

/** The approver route as cards show it (names only). */
export type RouteNotice = {
  source: 'department' | 'configured';
  department: { id: string; name: string } | null;
  leader: { name: string } | null;
  upper: { name: string } | null;
  escalateAbove: string | null;
  escalated: boolean;
  /** The leader asked for it themselves: their own leader alone decides. */
  upperOnly: boolean;
};

/** The steps of a multi-step route: approved ones (money as decimal strings, times ISO) and who is next. */
export type StepsNotice = {
  total: number;
  approved: Array<{ by: string; amount: string; at: string }>;
  /** Whose turn it is; null once decided. */
  waiting: string | null;
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
