/** The month-end summary card's notice, as stored (money as decimal strings). */
export type StatementNoticeView = {
  period: string;
  account: string;
  /** Σ of the final bill, which Σ of the statement's spending equals. */
  totalSpending: string;
  billRows: number;
  /** Sub-accounts, biggest spender first (at most 10; `more` counts the rest). */
  subAccounts: Array<{
    name: string;
    quotaStart: string;
    allocations: string;
    spending: string;
    remaining: string;
    disables: number;
  }>;
  more: number;
  /** Spending no sub-account was charged for (unwatched projects, account-level fees). */
  unattributed: string;
  /** Whether a copy goes to the configured Base (多维表格). */
  toBase: boolean;
};

declare module '../notifications/types.js' {
  interface NotificationViews {
    'statement.monthly': StatementNoticeView;
  }
}
