import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/repos/transaction.js';
import type { EnforcementChangeDto, EnforcementLever } from '../../db/repos/enforcement.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { QuotaStatus } from '../../domain/quota.js';
import type { SystemActor } from '../../policies/actor.js';
import type { Settings } from '../settings/schema.js';
import type { NoticeLocale } from '../notifications/types.js';

export type LadderDeps = Pick<Deps, 'db' | 'repos' | 'clock' | 'volc' | 'notifier' | 'log'>;

/** What one cycle hands the ladder for one sub-account (built by the spending check's hook). */
export type LadderInput = {
  actor: SystemActor;
  requestId: string;
  settings: Settings;
  locale: NoticeLocale;
  sub: SubAccountDto;
  projects: ProjectDto[];
  quota: QuotaStatus;
  /** The bill sweep was complete: only then is a new rung climbed (no stop from partial data). */
  complete: boolean;
  /** Admins' open_ids: a critical card with no alert chat and no owner goes to each of them. */
  adminOpenIds?: readonly string[];
  /** The watch's fencing check, run inside every transaction the ladder writes in. */
  check?: (tx: Tx) => Promise<void>;
  /** What is recorded for this sub-account, when the caller read it already (one query per account). */
  records?: EnforcementChangeDto[];
};

/** One call that did not go through; retried next cycle. */
export type LeverFailure = { lever: EnforcementLever; project: string; target: string; reason: string };

/** One thing the ladder changed (or found changed back by hand and changed again) in this run. */
export type LeverChange = { lever: EnforcementLever; project: string; target: string; repaired: boolean };

export type LadderOutcome = {
  rung: 'none' | 'throttle' | 'stop' | 'restore';
  changed: LeverChange[];
  restored: LeverChange[];
  failures: LeverFailure[];
};

export const emptyOutcome = (): LadderOutcome => ({ rung: 'none', changed: [], restored: [], failures: [] });

/** The rate limit a throttled endpoint gets, from the settings. */
export function throttleLimit(s: Pick<Settings, 'arkThrottleRpm' | 'arkThrottleTpm'>): {
  Rpm: number;
  Tpm: number;
} {
  return { Rpm: s.arkThrottleRpm, Tpm: s.arkThrottleTpm };
}
