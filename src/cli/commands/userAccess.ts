import type { Command } from 'commander';
import { authorize } from '../../policies/authorize.js';
import { disableSubAccount } from '../../services/iam/disableSubAccount.js';
import { enableSubAccount } from '../../services/iam/enableSubAccount.js';
import { withCli, withJson } from '../context.js';
import { t } from '../i18n.js';
import { action } from '../run.js';
import { presentSubAccount } from './userPresent.js';

type Json = { json?: boolean };

/** `airgate user disable` and `airgate user enable`. */
export function registerUserAccess(user: Command): void {
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

  withJson(user.command('enable'))
    .description(
      t(
        '启用子账号：恢复 AirGate 停用的密钥与登录，其余不动',
        'enable a sub-account: restore exactly the keys and login AirGate turned off',
      ),
    )
    .argument('<user>', t('子账号用户名', 'sub-account user name'))
    .action(
      action((ref: string, opts: Json) =>
        withCli(async ({ deps, actor, out, subAccount, requestId }) => {
          authorize(actor, 'subaccount.manage');
          const r = await enableSubAccount(deps, {
            actor,
            subAccountId: (await subAccount(ref)).id,
            requestId: requestId(),
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
