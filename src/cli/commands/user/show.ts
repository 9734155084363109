import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { renderFields, renderTable, shownQuota, shownSum } from '../../table.js';
import { getQuota } from '../../../services/quota/getQuota.js';
import { money2, percent, shanghai } from '../../format.js';
import { presentView, statusText } from '../userPresent.js';

/** `airgate user show` */
export function registerUserShow(user: Command): void {
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
          // The spent line is the sum of the monitored rows below, as printed.
          const shown = shownQuota(
            v.quota,
            shownSum(v.projects.filter((p) => p.monitored).map((p) => p.spent)),
          );
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
                [t('额度', 'quota'), money2(shown.quota)],
                [
                  t('已用', 'spent'),
                  `${money2(shown.spent)} (${percent(v.quota.percent)})${t('，监控中项目之和', ', the monitored projects')}`,
                ],
                [t('剩余', 'remaining'), money2(shown.remaining)],
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
