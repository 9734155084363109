import type { Deps } from '../../deps.js';
import { ConflictError, NotFoundError, UsageError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { AccountDto } from '../../db/repos/accounts.js';
import { spendingLayersRepo } from '../../db/repos/spendingLayers.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';

/** Removes a main account that no sub-account uses; the environment's account is removed from the environment. */
export async function removeAccount(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: { actor: Actor; name: string; requestId?: string },
): Promise<AccountDto> {
  return inTransaction(deps.db, async (tx) => {
    const account = await deps.repos.accounts.findByName(tx, input.name.trim());
    if (!account) throw new NotFoundError({ reason: 'account_not_found', params: { name: input.name } });
    if (account.source === 'env') {
      throw new UsageError({ reason: 'account_from_env_remove' });
    }
    const users = await deps.repos.subAccounts.countByAccount(tx, account.id);
    if (users > 0) {
      throw new ConflictError({
        reason: 'account_has_sub_accounts',
        params: { name: account.name, count: users },
      });
    }
    // Its stored spending layers go with it (kept otherwise: only its own cycles prune them).
    await spendingLayersRepo.removeAccount(tx, account.id);
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
