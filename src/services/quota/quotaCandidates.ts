import type { Deps } from '../../deps.js';
import { withReader } from '../../db/repos/transaction.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { FeishuActor } from '../../policies/index.js';

/**
 * The sub-accounts a person most likely means when they ask for "their" quota without a name: a team
 * lead's own (also everyone's `mine`), everybody else's every managed sub-account.
 */
export async function quotaCandidates(
  deps: Pick<Deps, 'db' | 'repos'>,
  actor: FeishuActor,
  opts: { mine?: boolean } = {},
): Promise<SubAccountDto[]> {
  const leadOnly = actor.roles.every((r) => r === 'lead');
  const own = opts.mine === true || leadOnly;
  return withReader(deps.db, (m) => deps.repos.subAccounts.list(m, own ? { ownerOpenId: actor.openId } : {}));
}
