import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { presentSubAccount } from '../userPresent.js';
import { enableSubAccount } from '../../../services/iam/enableSubAccount.js';

/** `airgate user enable` */
export function registerUserEnable(user: Command): void {
  withJson(user.command('enable'))
    .description(
      t(
        '启用子账号：恢复 AirGate 停用的密钥与登录，其余不动',
        'enable a sub-account: restore exactly the keys and login AirGate turned off',
      ),
    )
    .argument('<user>', t('子账号用户名', 'sub-account user name'))
    .option(
      '--force',
      t(
        '额度已用完也启用（下一次检查会再次停用）',
        'enable even when the quota is used up (the next check disables it again)',
      ),
    )
    .action(
      action((ref: string, opts: Json & { force?: boolean }) =>
        withCli(async ({ deps, actor, out, subAccount, requestId }) => {
          authorize(actor, 'subaccount.manage');
          const r = await enableSubAccount(deps, {
            actor,
            subAccountId: (await subAccount(ref)).id,
            requestId: requestId(),
            force: opts.force === true,
          });
          const { subAccount: s, ...rest } = r;
          out(
            opts,
            () => ({ ...presentSubAccount(s), ...rest }),
            () =>
              r.alreadyActive
                ? t(`${s.userName} 已是启用状态\n`, `${s.userName} was already active\n`)
                : t(
                    `已启用 ${s.userName}：恢复密钥 ${r.keysRestored.join(', ') || '无'}${r.keysGone.length ? `（已删除、不恢复：${r.keysGone.join(', ')}）` : ''}；${r.loginRestored ? '已恢复登录' : '登录未变'}\n`,
                    `enabled ${s.userName}: keys restored ${r.keysRestored.join(', ') || 'none'}${r.keysGone.length ? ` (deleted, not restored: ${r.keysGone.join(', ')})` : ''}; ${r.loginRestored ? 'login allowed again' : 'login unchanged'}\n`,
                  ),
          );
        }),
      ),
    );
}
