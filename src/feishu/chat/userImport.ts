import { actionDoneCard } from '../../../cards/actionDone.js';
import type { NotFoundView } from '../../../cards/notFound.js';
import { withReader } from '../../db/repos/transaction.js';
import type { Deps } from '../../deps.js';
import { importSubAccount } from '../../services/iam/importSubAccount.js';
import { listAllUsers } from '../../volc/actions/users.js';
import { withAccount } from './account.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { closest } from './suggest.js';
import { mainAccount, NAME } from './userShared.js';

/** `user import NAME` (admin): starts managing an IAM user that already exists on Volcengine. */
export const userImportCommand = defineChatCommand({
  key: 'userImport',
  names: ['user import', '用户 导入'],
  args: withAccount(positional({ name: word(NAME) })),
  policy: 'subaccount.manage',
  run: async (deps, actor, a, meta) => {
    const account = await mainAccount(deps, a.account);
    return importSubAccount(deps, {
      actor,
      accountId: account.id,
      userName: a.name,
      requestId: meta.requestId,
    });
  },
  render: (r, locale) =>
    actionDoneCard(
      {
        kind: 'imported',
        subject: r.subAccount.userName,
        ...(r.restored
          ? {
              note:
                locale === 'zh'
                  ? '此前同步时标记为缺失，现已恢复。'
                  : 'It was marked missing by a sync and is back now.',
            }
          : {}),
      },
      locale,
    ),
  notFound: (deps, a) => volcUserNotFound(deps, a.name, a.account),
});

/** An IAM user Volcengine does not have, with the closest users not yet managed. */
async function volcUserNotFound(deps: Deps, name: string, accountName?: string): Promise<NotFoundView> {
  const account = await mainAccount(deps, accountName);
  const client = await deps.volc(account.id);
  const known = await withReader(deps.db, (m) => deps.repos.subAccounts.list(m, { accountId: account.id }));
  const managed = new Set(known.filter((s) => s.status !== 'missing').map((s) => s.userName));
  const free: string[] = [];
  for await (const u of listAllUsers(client)) if (!managed.has(u.UserName)) free.push(u.UserName);
  return { kind: 'subAccount', name, suggestions: closest(name, free, 5) };
}
