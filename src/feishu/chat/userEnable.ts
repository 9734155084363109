import { actionDoneCard } from '../../../cards/actionDone.js';
import { enableSubAccount, type EnableSubAccountResult } from '../../services/iam/enableSubAccount.js';
import type { Locale } from '../texts.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { findSubAccount, NAME } from './userShared.js';

/** `user enable NAME` (admin): turns back on exactly what AirGate turned off, nothing else. */
export const userEnableCommand = defineChatCommand({
  key: 'userEnable',
  names: ['user enable', '用户 启用', '用户 恢复'],
  args: positional({ name: word(NAME) }),
  policy: 'subaccount.manage',
  run: async (deps, actor, a, meta) => {
    const sub = await findSubAccount(deps, a.name);
    return enableSubAccount(deps, { actor, subAccountId: sub.id, requestId: meta.requestId });
  },
  render: (r, locale) => enabledCard(r, locale),
});

export function enabledCard(r: EnableSubAccountResult, locale: Locale) {
  const gone = r.keysGone.length
    ? locale === 'zh'
      ? `期间已被删除的密钥保持删除：${r.keysGone.join('、')}`
      : `Keys deleted meanwhile stay deleted: ${r.keysGone.join(', ')}`
    : undefined;
  return actionDoneCard(
    {
      kind: 'enabled',
      subject: r.subAccount.userName,
      accessKeys: [...r.keysRestored, ...r.keysAlreadyActive],
      login: r.loginRestored,
      unchanged: r.alreadyActive,
      ...(gone ? { note: gone } : {}),
    },
    locale,
  );
}
