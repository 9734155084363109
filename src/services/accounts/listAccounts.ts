import type { Deps } from '../../deps.js';
import { withReader } from '../../db/repos/transaction.js';
import type { AccountDto } from '../../db/repos/accounts.js';

/** The main accounts, without secrets. */
export async function listAccounts(deps: Pick<Deps, 'db' | 'repos'>): Promise<AccountDto[]> {
  return withReader(deps.db, (m) => deps.repos.accounts.list(m));
}
