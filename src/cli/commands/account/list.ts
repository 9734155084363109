import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { listAccounts } from '../../../services/accounts/listAccounts.js';
import { withCli, withJson, type Json } from '../../context.js';
import { shanghai } from '../../format.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { renderTable } from '../../table.js';
import { present } from './shared.js';

/** `airgate account list` */
export function registerAccountList(account: Command): void {
  withJson(account.command('list'))
    .description(t('列出主账号（不含密钥）', 'list main accounts (never their secrets)'))
    .action(
      action((opts: Json) =>
        withCli(async ({ deps, actor, out }) => {
          authorize(actor, 'account.manage');
          const list = await listAccounts(deps);
          out(
            opts,
            () => list.map(present),
            () =>
              renderTable(
                [
                  { header: t('名称', 'name'), value: (a) => a.name },
                  {
                    header: t('来源', 'source'),
                    value: (a) =>
                      a.source === 'env' ? t('环境变量', 'environment') : t('数据库', 'database'),
                  },
                  { header: 'AccessKeyId', value: (a) => a.accessKeyId },
                  { header: t('地域', 'region'), value: (a) => a.region },
                  { header: t('地址', 'endpoint'), value: (a) => a.endpoint ?? '-' },
                  { header: t('添加时间', 'added'), value: (a) => shanghai(a.createdAt) },
                ],
                list,
                t('（没有主账号）', '(no main accounts)'),
              ),
          );
        }),
      ),
    );
}
