import type { Command } from 'commander';
import { authorize } from '../../../policies/authorize.js';
import { withCli, withJson, type Json } from '../../context.js';
import { t } from '../../i18n.js';
import { action } from '../../run.js';
import { presentSubAccount } from '../userPresent.js';
import { disableSubAccount } from '../../../services/iam/disableSubAccount.js';

/** `airgate user disable` */
export function registerUserDisable(user: Command): void {
  withJson(user.command('disable'))
    .description(
      t(
        '停用子账号：所有启用的密钥改为停用并禁止控制台登录（记录下来以便原样恢复）',
        'disable a sub-account: every active key to inactive, console login disallowed (recorded for an exact restore)',
      ),
    )
    .argument('<user>', t('子账号用户名', 'sub-account user name'))
    .option('--reason <text>', t('停用原因', 'why'), 'manual')
    .action(
      action((ref: string, opts: Json & { reason: string }) =>
        withCli(async ({ deps, actor, out, subAccount, requestId }) => {
          authorize(actor, 'subaccount.manage');
          const r = await disableSubAccount(deps, {
            actor,
            subAccountId: (await subAccount(ref)).id,
            reason: opts.reason,
            requestId: requestId(),
          });
          out(
            opts,
            () => ({
              ...presentSubAccount(r.subAccount),
              keysTurnedOff: r.keysTurnedOff,
              loginTurnedOff: r.loginTurnedOff,
              alreadyDisabled: r.alreadyDisabled,
            }),
            () =>
              r.alreadyDisabled
                ? t(
                    `${r.subAccount.userName} 已是停用状态\n`,
                    `${r.subAccount.userName} was already disabled\n`,
                  )
                : t(
                    `已停用 ${r.subAccount.userName}：停用密钥 ${r.keysTurnedOff.join(', ') || '无'}；${r.loginTurnedOff ? '已禁止登录' : '登录未变'}\n`,
                    `disabled ${r.subAccount.userName}: keys turned off ${r.keysTurnedOff.join(', ') || 'none'}; ${r.loginTurnedOff ? 'login disallowed' : 'login unchanged'}\n`,
                  ),
          );
        }),
      ),
    );
}
