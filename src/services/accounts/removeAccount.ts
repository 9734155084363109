import type { Deps } from '../../deps.js';
import { ConflictError, NotFoundError, UsageError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { AccountDto } from '../../db/repos/accounts.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';

/** Removes a main account that no sub-account uses; the environment's account is removed from the environment. */
export async function removeAccount(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: { actor: Actor; name: string; requestId?: string },
): Promise<AccountDto> {
  return inTransaction(deps.db, async (tx) => {
    const account = await deps.repos.accounts.findByName(tx, input.name.trim());
    if (!account) throw new NotFoundError(`找不到账号 ${input.name} / no account named ${input.name}`);
    if (account.source === 'env') {
      throw new UsageError(
        '该账号来自 VOLC_* 环境变量，请在环境中移除 / this account comes from VOLC_* variables; remove it there',
      );
    }
    const users = await deps.repos.subAccounts.countByAccount(tx, account.id);
    if (users > 0) {
      throw new ConflictError(
        `账号 ${account.name} 仍有 ${users} 个子账号 / account ${account.name} still has ${users} sub-account(s)`,
      );
    }
    await deps.repos.accounts.remove(tx, account.id);
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'account.remove',
      target: { type: 'volc_account', id: account.id },
      before: { name: account.name, accessKeyId: account.accessKeyId, region: account.region },
      requestId: input.requestId,
    });
    return account;
  });
}
