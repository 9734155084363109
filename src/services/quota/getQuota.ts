import type { EntityManager } from 'typeorm';
import type { Deps } from '../../deps.js';
import { NotFoundError } from '../../errors.js';
import { withReader } from '../../db/repos/transaction.js';
import type { Repos } from '../../db/repos/index.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import { knownSpend, quotaStatus, type QuotaStatus } from '../../domain/quota.js';
import { readSettings } from '../settings/getSettings.js';
import { storedBurn, type BurnFacts } from '../spending/storedBurn.js';
import { loadSubAccountLayers, type StoredLayers } from '../spending/readLayers.js';

/** The clock, when given, adds the burn rate (how long the money lasts) to one sub-account's view. */
type QuotaDeps = Pick<Deps, 'db' | 'repos'> & Partial<Pick<Deps, 'clock'>>;

export type QuotaView = {
  subAccount: SubAccountDto;
  projects: ProjectDto[];
  quota: QuotaStatus;
  /** The thresholds in force: the sub-account's override or the global ones. */
  thresholds: number[];
  thresholdsOverridden: boolean;
  /** How fast the money goes and how long it lasts (one sub-account's views only; absent in lists). */
  burn?: BurnFacts;
  /**
   * Spending by layer (bill, bill detail, estimate) as the watch counts it (one sub-account's views only):
   * `quota` then uses its spent, so the card's figures and percent are the alerts'.
   */
  layers?: StoredLayers;
};

/** A sub-account's quota, spending (monitored projects only), remaining and percent. */
export async function getQuota(deps: QuotaDeps, input: { subAccountId: string }): Promise<QuotaView> {
  return withReader(deps.db, async (m) => {
    const sub = await deps.repos.subAccounts.findById(m, input.subAccountId);
    if (!sub)
      throw new NotFoundError({ reason: 'sub_account_not_found', params: { id: input.subAccountId } });
    return viewOn(deps, m, sub);
  });
}

/** The quota view of a sub-account the caller has just read (no second read of its row). */
export async function quotaOf(deps: QuotaDeps, sub: SubAccountDto): Promise<QuotaView> {
  return withReader(deps.db, (m) => viewOn(deps, m, sub));
}

async function viewOn(deps: Omit<QuotaDeps, 'db'>, m: EntityManager, sub: SubAccountDto): Promise<QuotaView> {
  const projects = await deps.repos.projects.listBySubAccount(m, sub.id);
  const global = (await readSettings(deps.repos, m)).thresholds;
  const v = view(sub, projects, global);
  if (!deps.clock) return v;
  const now = deps.clock.now();
  const layers = await loadSubAccountLayers(m, sub.id, projects, now);
  const quota = quotaStatus(sub.balance, layers.spent);
  return { ...v, quota, layers, burn: await storedBurn(m, sub.id, quota.remaining, now) };
}

/** Every sub-account's quota view (optionally one main account's or one owner's), in few queries. */
export async function listQuotas(
  deps: Pick<Deps, 'db' | 'repos'>,
  filter: { accountId?: string; ownerOpenId?: string } = {},
): Promise<QuotaView[]> {
  return withReader(deps.db, async (m) => listQuotasOn(deps.repos, m, filter));
}

async function listQuotasOn(
  repos: Repos,
  m: EntityManager,
  filter: { accountId?: string; ownerOpenId?: string },
) {
  const subs = await repos.subAccounts.list(m, filter);
  const projects = await repos.projects.listBySubAccounts(
    m,
    subs.map((s) => s.id),
  );
  const global = (await readSettings(repos, m)).thresholds;
  return subs.map((s) => view(s, projects.get(s.id) ?? [], global));
}

function view(sub: SubAccountDto, projects: ProjectDto[], global: number[]): QuotaView {
  return {
    subAccount: sub,
    projects,
    quota: quotaStatus(sub.balance, knownSpend(projects)),
    thresholds: sub.thresholds ?? global,
    thresholdsOverridden: sub.thresholds !== null,
  };
}
