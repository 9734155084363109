import type { EnforcementLever } from '../../db/repos/enforcement.js';
import type { EnforceabilityReport } from './enforceability.js';

/** One lever line on the Ark ladder's card. */
export type LadderLine = { lever: EnforcementLever; project: string; target: string };

/** What AirGate cannot stop for a sub-account (the enforceability report), as stored in a notice. */
export type EnforceabilityNotice = {
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
};

/** The report as a notice stores it (arrays copied, the time as ISO). */
export function enforceabilityNotice(r: EnforceabilityReport): EnforceabilityNotice {
  return {
    projects: r.projects.map((p) => ({
      project: p.project,
      presetEndpoints: [...p.presetEndpoints],
      allResourceKeys: [...p.allResourceKeys],
      keysOfUnknownPermission: [...p.keysOfUnknownPermission],
      error: p.error,
    })),
    accountWidePolicies: [...r.accountWidePolicies],
    temporaryKeysValidUntil: r.temporaryKeysValidUntil.toISOString(),
  };
}

/** The Ark ladder's notice, as stored: what it changed for a sub-account, what failed, what still can spend. */
export type ArkLadderNoticeView = {
  kind: 'throttled' | 'stopped' | 'repaired' | 'restored' | 'failed';
  sub: { id: string; name: string };
  /** Percent of quota, a decimal string. */
  percent: string;
  throttle: { rpm: number; tpm: number };
  changes: LadderLine[];
  failures: Array<LadderLine & { reason: string }>;
  report: EnforceabilityNotice | null;
  /** ISO time of the step. */
  at: string;
};

/** The weekly line in the alert chat: Ark spending no quota is charged for, over seven Shanghai bill days. */
export type UnattributedWeekNoticeView = {
  since: string;
  until: string;
  /** Decimal strings. */
  amount: string;
  projects: Array<{ project: string; amount: string }>;
};

declare module '../notifications/types.js' {
  interface NotificationViews {
    'ark.ladder': ArkLadderNoticeView;
    'ark.unattributedWeek': UnattributedWeekNoticeView;
  }
}
