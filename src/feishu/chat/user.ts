import { userDetailCard, type UserDetailView } from '../../../cards/userDetail.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { isAllowed } from '../../policies/index.js';
import { enforceabilityReport } from '../../services/enforcement/enforceabilityReport.js';
import { listPolicies } from '../../services/iam/listPolicies.js';
import { getQuota } from '../../services/quota/getQuota.js';
import { quotaHistory } from '../../services/quota/quotaHistory.js';
import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { figures, labels, operatorNames, subRef } from './views.js';

const RECENT = 5;

/** One sub-account in full: per-project spending with monitoring toggles, policies, quota, recent entries. */
export async function loadUserDetail(deps: Deps, subAccountId: string): Promise<UserDetailView> {
  const [q, history, names] = await Promise.all([
    getQuota(deps, { subAccountId }),
    quotaHistory(deps, { subAccountId, limit: RECENT }),
    operatorNames(deps),
  ]);
  const sub = q.subAccount;
  return {
    sub: {
      ...subRef(sub),
      status: sub.status,
      displayName: sub.displayName,
      owner: sub.ownerOpenId ? names(`feishu:${sub.ownerOpenId}`) : null,
    },
    quota: figures(q.quota),
    projects: q.projects.map((p) => ({
      name: p.projectName,
      monitored: p.monitored,
      spent: p.spent,
      policies: p.attachedPolicies.map((x) => x.policyName),
    })),
    policies: await userPolicies(deps, sub.id, sub.status),
    thresholds: q.thresholds,
    thresholdsOverridden: q.thresholdsOverridden,
    burnPerHour: q.burn?.perHour ?? null,
    exhaustsInHours: q.burn?.exhaustsInHours ?? null,
    recent: history.entries.map((e) => ({
      at: e.createdAt,
      amount: e.amount,
      note: e.note,
      operator: names(e.operator),
    })),
    enforceability: await enforceabilityReport(deps, sub),
  };
}

/**
 * Policies attached to the user itself, asked of Volcengine. The detail card is read-only, so when
 * Volcengine cannot answer the card still comes, without that line (the policy commands report the error).
 */
async function userPolicies(deps: Deps, subAccountId: string, status: string): Promise<string[]> {
  if (status === 'missing') return [];
  try {
    const attached = await listPolicies(deps, { subAccountId });
    return attached.filter((p) => p.scopes.some((s) => s.type === 'global')).map((p) => p.policyName);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    deps.log.info({ code: err.code, subAccountId }, 'user policies unavailable for the detail card');
    return [];
  }
}

/** user NAME / 用户 NAME: the detail card with toggles and next-step buttons. */
export const userCommand = defineChatCommand({
  key: 'user',
  names: ['user', '用户'],
  args: positional({ name: word(labels.name) }),
  policy: 'subaccount.view',
  run: async (deps, actor, a) => ({
    ...(await loadUserDetail(deps, (await resolveSubAccount(deps, a.name)).id)),
    canAllocate: isAllowed(actor, 'quota.allocate'),
  }),
  render: (view, locale) => userDetailCard(view, locale),
});
