import type { Command } from 'commander';
import { authorize } from '../../policies/authorize.js';
import { listAccounts } from '../../services/accounts/listAccounts.js';
import { resolveAccount } from '../../services/iam/resolveAccount.js';
import { getQuota, listQuotas } from '../../services/quota/getQuota.js';
import { SUB_ACCOUNT_STATUSES } from '../../db/entities/subAccount.js';
import { UsageError } from '../../errors.js';
import { withCli, withJson } from '../context.js';
import { t } from '../i18n.js';
import { action } from '../run.js';
import { renderFields, renderTable } from '../table.js';
import { money2, percent, shanghai } from '../format.js';
import { presentView, statusText } from './userPresent.js';

type Json = { json?: boolean };

/** `airgate user list` and `airgate user show`. */
export function registerUserViews(user: Command): void {
  withJson(user.command('list'))
    .description(t('列出子账号及其额度、已用与状态', 'list sub-accounts with quota, spending and status'))
    .option('--account <name>', t('只列出该主账号下的', 'only those of this main account'))
    .option(
      '--status <status>',
      `${t('只列出该状态的', 'only those in this status')}: ${SUB_ACCOUNT_STATUSES.join('|')}`,
    )
    .option('--owner <open_id>', t('只列出该负责人的', 'only those of this owner (Feishu open_id)'))
    .action(
      action((opts: Json & { account?: string; status?: string; owner?: string }) =>
        withCli(async ({ deps, actor, out }) => {
          authorize(actor, 'subaccount.view');
          if (opts.status && !(SUB_ACCOUNT_STATUSES as readonly string[]).includes(opts.status)) {
            throw new UsageError(`--status: ${SUB_ACCOUNT_STATUSES.join('|')}`, { field: 'status' });
          }
          const accountId = opts.account ? (await resolveAccount(deps, opts.account)).id : undefined;
          const names = new Map((await listAccounts(deps)).map((a) => [a.id, a.name]));
          const views = (await listQuotas(deps, { accountId, ownerOpenId: opts.owner })).filter(
            (v) => !opts.status || v.subAccount.status === opts.status,
          );
          out(
            opts,
            () => views.map((v) => presentView(v, names.get(v.subAccount.accountId))),
            () =>
              renderTable(
                [
                  { header: t('子账号', 'user'), value: (v) => v.subAccount.userName },
                  { header: t('主账号', 'account'), value: (v) => names.get(v.subAccount.accountId) ?? '?' },
                  { header: t('状态', 'status'), value: (v) => statusText(v.subAccount.status) },
                  { header: t('额度', 'quota'), value: (v) => money2(v.quota.quota), right: true },
                  { header: t('已用', 'spent'), value: (v) => money2(v.quota.spent), right: true },
                  { header: t('剩余', 'remaining'), value: (v) => money2(v.quota.remaining), right: true },
                  { header: t('使用率', 'used'), value: (v) => percent(v.quota.percent), right: true },
                  {
                    header: t('项目', 'projects'),
                    value: (v) => v.projects.map((p) => p.projectName).join(',') || '-',
                  },
                  { header: t('负责人', 'owner'), value: (v) => v.subAccount.ownerOpenId ?? '-' },
                ],
                views,
                t('（没有子账号）', '(no sub-accounts)'),
              ),
          );
        }),
      ),
    );

  withJson(user.command('show'))
    .description(t('显示一个子账号的详情、额度与项目', "show a sub-account's details, quota and projects"))
    .argument(
      '<user>',
      t('子账号用户名（同名时写作 主账号/用户名）', 'sub-account user name (account/user when ambiguous)'),
    )
    .action(
      action((ref: string, opts: Json) =>
        withCli(async ({ deps, actor, out, subAccount }) => {
          authorize(actor, 'subaccount.view');
          const v = await getQuota(deps, { subAccountId: (await subAccount(ref)).id });
          const s = v.subAccount;
          out(
            opts,
            () => presentView(v),
            () =>
              renderFields([
                [
                  t('子账号', 'user'),
                  `${s.userName}${s.displayName && s.displayName !== s.userName ? ` (${s.displayName})` : ''}`,
                ],
                [t('状态', 'status'), statusText(s.status)],
                [t('额度', 'quota'), money2(v.quota.quota)],
                [t('已用', 'spent'), `${money2(v.quota.spent)} (${percent(v.quota.percent)})`],
                [t('剩余', 'remaining'), money2(v.quota.remaining)],
                [
                  t('告警阈值', 'thresholds'),
                  `${v.thresholds.join('/')}%${v.thresholdsOverridden ? t('（单独设置）', ' (own)') : ''}`,
                ],
                [t('负责人', 'owner'), s.ownerOpenId ?? '-'],
                [
                  t('停用原因', 'disabled for'),
                  s.disabledReason ? `${s.disabledReason} @ ${shanghai(s.disabledAt)}` : '-',
                ],
                [t('已停用的密钥', 'keys turned off'), s.disabledKeys?.join(', ') || '-'],
                [t('已禁止登录', 'login turned off'), s.loginDisabled ? t('是', 'yes') : t('否', 'no')],
              ]) +
              '\n' +
              renderTable(
                [
                  { header: t('项目', 'project'), value: (p) => p.projectName },
                  {
                    header: t('监控', 'monitored'),
                    value: (p) => (p.monitored ? t('是', 'yes') : t('否', 'no')),
                  },
                  { header: t('计费起始', 'counts from'), value: (p) => p.countsFrom },
                  { header: t('已用', 'spent'), value: (p) => money2(p.spent), right: true },
                  {
                    header: t('策略', 'policies'),
                    value: (p) => p.attachedPolicies.map((x) => x.policyName).join(',') || '-',
                  },
                ],
                v.projects,
                t('（没有项目）', '(no projects)'),
              ),
          );
        }),
      ),
    );
}
