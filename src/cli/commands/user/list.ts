import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { resolveAccount } from '../../../services/iam/resolveAccount.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { listAccounts } from '../../../services/accounts/listAccounts.js';
import { listQuotas } from '../../../services/quota/getQuota.js';
import { SUB_ACCOUNT_STATUSES } from '../../../db/entities/subAccount.js';
import { UsageError } from '../../../errors.js';
import { renderTable, shownQuota } from '../../table.js';
import { money2, percent } from '../../format.js';
import { presentView, statusText } from '../userPresent.js';

/** `airgate user list` */
export function registerUserList(user: Command): void {
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
                  {
                    header: t('额度', 'quota'),
                    value: (v) => money2(shownQuota(v.quota).quota),
                    right: true,
                  },
                  {
                    header: t('已用', 'spent'),
                    value: (v) => money2(shownQuota(v.quota).spent),
                    right: true,
                  },
                  {
                    header: t('剩余', 'remaining'),
                    value: (v) => money2(shownQuota(v.quota).remaining),
                    right: true,
                  },
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
}
