import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { importSubAccount } from '../../../services/iam/importSubAccount.js';
import { resolveAccount } from '../../../services/iam/resolveAccount.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { presentSubAccount } from '../userPresent.js';

/** `airgate user import` */
export function registerUserImport(user: Command): void {
  withJson(user.command('import'))
    .description(t('开始管理一个火山引擎上已有的用户', 'start managing an existing Volcengine user'))
    .argument('<user>', t('火山引擎上的用户名', 'the user name on Volcengine'))
    .option('--owner <open_id>', t('负责人（飞书 open_id）', 'owner (Feishu open_id)'))
    .option('--account <name>', t('主账号（有多个时必填）', 'main account (required when there are several)'))
    .action(
      action((name: string, opts: Json & { owner?: string; account?: string }) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'subaccount.manage');
          const account = await resolveAccount(deps, opts.account);
          const r = await importSubAccount(deps, {
            actor,
            accountId: account.id,
            userName: name,
            ownerOpenId: opts.owner,
            requestId: requestId(),
          });
          out(
            opts,
            () => ({ ...presentSubAccount(r.subAccount, account.name), restored: r.restored }),
            () =>
              t(`已导入子账号 ${r.subAccount.userName}\n`, `imported sub-account ${r.subAccount.userName}\n`),
          );
        }),
      ),
    );
}
