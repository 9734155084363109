import type { Deps } from '../../deps.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { withReader } from '../../db/repos/transaction.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';

/**
 * Finds a sub-account by what a person types: its user name, or "account/user" when two main accounts
 * have a user of that name (`exact`: no trimming, for names sent by programs). Unknown → NotFoundError;
 * ambiguous → ConflictError listing the choices.
 */
export async function resolveSubAccount(
  deps: Pick<Deps, 'db' | 'repos'>,
  ref: string,
  opts: { exact?: boolean } = {},
): Promise<SubAccountDto> {
  // What a person typed loses its surrounding spaces; a name a program sent (REST) is matched as it is,
  // like the database compares it: "lisi " is not lisi.
  const text = opts.exact ? ref : ref.trim();
  return withReader(deps.db, async (m) => {
    const slash = text.indexOf('/');
    if (slash > 0) {
      const account = await deps.repos.accounts.findByName(m, text.slice(0, slash));
      const sub =
        account && (await deps.repos.subAccounts.findByAccountAndName(m, account.id, text.slice(slash + 1)));
      if (sub) return sub;
    }
    const found = await deps.repos.subAccounts.findByName(m, text);
    if (found.length === 1) return found[0]!;
    if (found.length === 0)
      throw new NotFoundError({ reason: 'sub_account_name_not_found', params: { name: text } });
    const names = await Promise.all(
      found.map(async (s) => `${(await deps.repos.accounts.findById(m, s.accountId))?.name}/${s.userName}`),
    );
    throw new ConflictError({
      reason: 'sub_account_ambiguous',
      params: { name: text, choices: names },
    });
  });
}
