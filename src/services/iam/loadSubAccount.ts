import type { Deps } from '../../deps.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { withReader, type Tx } from '../../db/repos/transaction.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';

/** A sub-account by id; NotFoundError when unknown. */
export async function loadSubAccount(deps: Pick<Deps, 'db' | 'repos'>, id: string): Promise<SubAccountDto> {
  const sub = await withReader(deps.db, (m) => deps.repos.subAccounts.findById(m, id));
  if (!sub) throw new NotFoundError(`子账号不存在 / sub-account not found: ${id}`);
  return sub;
}

/** The same, refusing one whose IAM user vanished from Volcengine (nothing can be done to it there). */
export async function loadPresentSubAccount(
  deps: Pick<Deps, 'db' | 'repos'>,
  id: string,
): Promise<SubAccountDto> {
  const sub = await loadSubAccount(deps, id);
  if (sub.status === 'missing') {
    throw new ConflictError(
      `子账号 ${sub.userName} 在火山引擎上已不存在（同步时发现）/ sub-account ${sub.userName} no longer exists on Volcengine (found by a sync)`,
    );
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
  if (!cur) throw new NotFoundError(`子账号不存在 / sub-account not found: ${id}`);
  if (cur.status === 'missing') {
    throw new ConflictError(
      `子账号 ${cur.userName} 在火山引擎上已不存在 / sub-account ${cur.userName} no longer exists on Volcengine`,
    );
  }
  return cur;
}
