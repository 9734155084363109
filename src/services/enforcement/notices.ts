import type { EnforcementLever } from '../../db/repos/enforcement.js';

/** One lever line on the Ark ladder's card. */
export type LadderLine = { lever: EnforcementLever; project: string; target: string };

/** The Ark ladder's notice, as stored: what it changed for a sub-account, what failed, what still can spend. */
export type ArkLadderNoticeView = {
  kind: 'throttled' | 'stopped' | 'repaired' | 'restored' | 'failed';
  sub: { id: string; name: string };
  /** Percent of quota, a decimal string. */
  percent: string;
  throttle: { rpm: number; tpm: number };
  changes: LadderLine[];
  failures: Array<LadderLine & { reason: string }>;
  report: {
    projects: Array<{
      project: string;
      presetEndpoints: string[];
      allResourceKeys: string[];
      keysOfUnknownPermission: string[];
      error: string | null;
    }>;
    accountWidePolicies: string[];
    /** ISO time. */
    temporaryKeysValidUntil: string;
  } | null;
  /** ISO time of the step. */
  at: string;
};

declare module '../notifications/types.js' {
  interface NotificationViews {
    'ark.ladder': ArkLadderNoticeView;
  }
}
