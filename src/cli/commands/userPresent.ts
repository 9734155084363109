import type { ProjectDto } from '../../db/repos/projects.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { SubAccountStatus } from '../../db/entities/subAccount.js';
import type { QuotaView } from '../../services/quota/getQuota.js';
import { moneyJson } from '../format.js';
import { t } from '../i18n.js';

/** A sub-account for --json: money as decimal strings, times as ISO UTC. */
export function presentSubAccount(s: SubAccountDto, accountName?: string) {
  return {
    id: s.id,
    userName: s.userName,
    ...(accountName === undefined ? {} : { account: accountName }),
    displayName: s.displayName,
    status: s.status,
    ownerOpenId: s.ownerOpenId,
    disabledReason: s.disabledReason,
    disabledAt: s.disabledAt?.toISOString() ?? null,
    disabledKeys: s.disabledKeys ?? [],
    loginDisabled: s.loginDisabled,
    thresholds: s.thresholds,
  };
}

export function presentProject(p: ProjectDto) {
  return {
    projectName: p.projectName,
    monitored: p.monitored,
    countsFrom: p.countsFrom,
    spent: moneyJson(p.spent),
    attachedPolicies: p.attachedPolicies,
  };
}

export function presentView(v: QuotaView, accountName?: string) {
  const q = v.quota;
  return {
    ...presentSubAccount(v.subAccount, accountName),
    quota: moneyJson(q.quota),
    spent: moneyJson(q.spent),
    remaining: moneyJson(q.remaining),
    percent: q.percent.isFinite() ? q.percent.toDecimalPlaces(2).toFixed() : null,
    thresholds: v.thresholds,
    projects: v.projects.map(presentProject),
  };
}

export function statusText(s: SubAccountStatus): string {
  const zh: Record<SubAccountStatus, string> = {
    active: '启用',
    disabling: '停用中',
    disabled: '已停用',
    enabling: '启用中',
    missing: '已消失',
  };
  return t(zh[s], s);
}
