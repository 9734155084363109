import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { resolveAccount } from '../../../services/iam/resolveAccount.js';
import { syncSubAccounts } from '../../../services/iam/syncSubAccounts.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { renderFields } from '../../table.js';

/** `airgate user sync` */
export function registerUserSync(user: Command): void {
  withJson(user.command('sync'))
    .description(
      t(
        '从火山引擎同步全部用户：新增、标记消失、更新名称',
        'sync all users from Volcengine: add new, mark vanished, update names',
      ),
    )
    .option('--account <name>', t('主账号（有多个时必填）', 'main account (required when there are several)'))
    .action(
      action((opts: Json & { account?: string }) =>
        withCli(async ({ deps, actor, out, requestId }) => {
          authorize(actor, 'subaccount.manage');
          const account = await resolveAccount(deps, opts.account);
          const r = await syncSubAccounts(deps, { actor, accountId: account.id, requestId: requestId() });
          const list = (xs: string[]) => (xs.length ? xs.join(', ') : '-');
          out(
            opts,
            () => ({ account: account.name, ...r }),
            () =>
              renderFields([
                [t('火山引擎用户', 'users on Volcengine'), String(r.total)],
                [t('新增', 'added'), list(r.added)],
                [t('已消失', 'missing'), list(r.missing)],
                [t('已恢复', 'restored'), list(r.restored)],
                [t('改名', 'renamed'), list(r.renamed.map((x) => `${x.from} → ${x.to}`))],
                [
                  t('显示名更新', 'display names'),
                  list(r.updated.map((x) => `${x.userName}: ${x.from ?? '-'} → ${x.to ?? '-'}`)),
                ],
                [t('未变化', 'unchanged'), String(r.unchanged)],
              ]),
          );
        }),
      ),
    );
}
