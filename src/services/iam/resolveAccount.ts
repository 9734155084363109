import type { Deps } from '../../deps.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { withReader } from '../../db/repos/transaction.js';
import type { AccountDto } from '../../db/repos/accounts.js';

/**
 * The main account a command means: by name or id when given, else the only one there is. With several
 * and none named, a UsageError lists them.
 */
export async function resolveAccount(deps: Pick<Deps, 'db' | 'repos'>, ref?: string): Promise<AccountDto> {
  const text = ref?.trim();
  return withReader(deps.db, async (m) => {
    if (text) {
      const found =
        (await deps.repos.accounts.findByName(m, text)) ?? (await deps.repos.accounts.findById(m, text));
      if (!found) throw new NotFoundError({ reason: 'main_account_not_found', params: { name: text } });
      return found;
    }
    const all = await deps.repos.accounts.list(m);
    if (all.length === 1) return all[0]!;
    if (all.length === 0) {
      throw new NotFoundError({ reason: 'main_account_none' });
    }
    const names = all.map((a) => a.name).join(', ');
    throw new UsageError(
      { reason: 'main_account_ambiguous', params: { names } },
      {
        field: 'account',
      },
    );
  });
}
