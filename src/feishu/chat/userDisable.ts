import { actionDoneCard } from '../../../cards/actionDone.js';
import { disableSubAccount } from '../../services/iam/disableSubAccount.js';
import { defineChatCommand } from './define.js';
import { positional, text, word } from './parse.js';
import { findSubAccount, NAME } from './userShared.js';

/** `user disable NAME [REASON]` (admin): turns off its access keys and console login, recording what. */
export const userDisableCommand = defineChatCommand({
  key: 'userDisable',
  names: ['user disable', '用户 禁用', '用户 停用'],
  args: positional(
    { name: word(NAME), reason: text({ zh: '原因', en: 'REASON' }, 200).optional() },
    { rest: 'reason' },
  ),
  policy: 'subaccount.manage',
  run: async (deps, actor, a, meta) => {
    const sub = await findSubAccount(deps, a.name);
    return disableSubAccount(deps, {
      actor,
      subAccountId: sub.id,
      reason: a.reason ?? 'manual',
      requestId: meta.requestId,
    });
  },
  render: (r, locale) =>
    actionDoneCard(
      {
        kind: 'disabled',
        subject: r.subAccount.userName,
        accessKeys: r.keysTurnedOff,
        login: r.loginTurnedOff,
        unchanged: r.alreadyDisabled,
      },
      locale,
    ),
});
