import type { EntityManager } from 'typeorm';
import type { Deps } from '../../deps.js';
import { NotFoundError } from '../../errors.js';
import { withReader } from '../../db/repos/transaction.js';
import type { Repos } from '../../db/repos/index.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import { knownSpend, quotaStatus, type QuotaStatus } from '../../domain/quota.js';
import { readSettings } from '../settings/getSettings.js';

export type QuotaView = {
  subAccount: SubAccountDto;
  projects: ProjectDto[];
  quota: QuotaStatus;
  /** The thresholds in force: the sub-account's override or the global ones. */
  thresholds: number[];
  thresholdsOverridden: boolean;
};

/** A sub-account's quota, spending (monitored projects only), remaining and percent. */
export async function getQuota(
  deps: Pick<Deps, 'db' | 'repos'>,
  input: { subAccountId: string },
): Promise<QuotaView> {
  return withReader(deps.db, async (m) => {
    const sub = await deps.repos.subAccounts.findById(m, input.subAccountId);
    if (!sub)
      throw new NotFoundError({ reason: 'sub_account_not_found', params: { id: input.subAccountId } });
    return viewOn(deps.repos, m, sub);
  });
}

/** The quota view of a sub-account the caller has just read (no second read of its row). */
export async function quotaOf(deps: Pick<Deps, 'db' | 'repos'>, sub: SubAccountDto): Promise<QuotaView> {
  return withReader(deps.db, (m) => viewOn(deps.repos, m, sub));
}

async function viewOn(repos: Repos, m: EntityManager, sub: SubAccountDto): Promise<QuotaView> {
  const projects = await repos.projects.listBySubAccount(m, sub.id);
  const global = (await readSettings(repos, m)).thresholds;
  return view(sub, projects, global);
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
