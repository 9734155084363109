import type { Deps } from '../../deps.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { withReader, type Tx } from '../../db/repos/transaction.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';

/** A sub-account by id; NotFoundError when unknown. */
export async function loadSubAccount(deps: Pick<Deps, 'db' | 'repos'>, id: string): Promise<SubAccountDto> {
  const sub = await withReader(deps.db, (m) => deps.repos.subAccounts.findById(m, id));
  if (!sub) throw new NotFoundError({ reason: 'sub_account_not_found', params: { id: id } });
  return sub;
}

/** The same, refusing one whose IAM user vanished from Volcengine (nothing can be done to it there). */
export async function loadPresentSubAccount(
  deps: Pick<Deps, 'db' | 'repos'>,
  id: string,
): Promise<SubAccountDto> {
  const sub = await loadSubAccount(deps, id);
  if (sub.status === 'missing') {
    throw new ConflictError({ reason: 'sub_account_missing_synced', params: { name: sub.userName } });
  }
  return sub;
}

/** Locks a sub-account row for a change; refuses one whose user vanished from Volcengine. */
export async function lockPresentSubAccount(
  deps: Pick<Deps, 'repos'>,
  tx: Tx,
  id: string,
): Promise<SubAccountDto> {
  const cur = await deps.repos.subAccounts.lockById(tx, id);
  if (!cur) throw new NotFoundError({ reason: 'sub_account_not_found', params: { id: id } });
  if (cur.status === 'missing') {
    throw new ConflictError({ reason: 'sub_account_missing', params: { name: cur.userName } });
  }
  return cur;
}
