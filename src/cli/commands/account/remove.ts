import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { removeAccount } from '../../../services/accounts/removeAccount.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { present } from './shared.js';

/** `airgate account remove` */
export function registerAccountRemove(account: Command): void {
  withJson(account.command('remove'))
    .description(t('移除没有子账号的主账号', 'remove a main account that has no sub-accounts'))
    .argument('<name>', t('账号名', 'account name'))
    .action(
      action((name: string, opts: Json) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'account.manage');
          const a = await removeAccount(deps, { actor, name, requestId: requestId() });
          out(
            opts,
            () => present(a),
            () => t(`已移除主账号 ${a.name}\n`, `removed main account ${a.name}\n`),
          );
        }),
      ),
    );
}
