import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { listPolicies, listPolicyCatalog } from '../../../services/iam/listPolicies.js';
import { resolveAccount } from '../../../services/iam/resolveAccount.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { renderTable } from '../../table.js';

/** `airgate policy list` */
export function registerPolicyList(policy: Command): void {
  withJson(policy.command('list'))
    .description(
      t(
        '列出子账号已有的策略（--user），或主账号可授予的全部策略',
        "list a sub-account's policies (--user), or every policy the account can grant",
      ),
    )
    .option('--user <user>', t('子账号用户名', 'sub-account user name'))
    .option(
      '--query <text>',
      t('按名称或描述筛选可授予的策略', 'filter grantable policies by name or description'),
    )
    .option('--account <name>', t('主账号（有多个时必填）', 'main account (required when there are several)'))
    .action(
      action((opts: Json & { user?: string; query?: string; account?: string }) =>
        withCli(async ({ deps, actor, out, subAccount }) => {
          authorize(actor, 'subaccount.view');
          if (opts.user) {
            const list = await listPolicies(deps, { subAccountId: (await subAccount(opts.user)).id });
            out(
              opts,
              () => list,
              () =>
                renderTable(
                  [
                    { header: t('策略', 'policy'), value: (p) => p.policyName },
                    { header: t('类型', 'type'), value: (p) => p.policyType },
                    {
                      header: t('范围', 'scope'),
                      value: (p) =>
                        p.scopes
                          .map((s) => (s.type === 'global' ? t('全局', 'global') : s.project))
                          .join(','),
                    },
                    { header: t('说明', 'description'), value: (p) => p.description },
                  ],
                  list,
                  t('（没有策略）', '(no policies)'),
                ),
            );
            return;
          }
          const account = await resolveAccount(deps, opts.account);
          const list = await listPolicyCatalog(deps, { accountId: account.id, query: opts.query });
          out(
            opts,
            () => list,
            () =>
              renderTable(
                [
                  { header: t('策略', 'policy'), value: (p) => p.policyName },
                  { header: t('类型', 'type'), value: (p) => p.policyType },
                  { header: t('类别', 'category'), value: (p) => p.category },
                  { header: t('说明', 'description'), value: (p) => p.description },
                ],
                list,
              ),
          );
        }),
      ),
    );
}
