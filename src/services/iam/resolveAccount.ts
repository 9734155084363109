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
      if (!found) throw new NotFoundError(`找不到主账号 ${text} / no main account ${text}`);
      return found;
    }
    const all = await deps.repos.accounts.list(m);
    if (all.length === 1) return all[0]!;
    if (all.length === 0) {
      throw new NotFoundError(
        '还没有火山引擎主账号：请设置 VOLC_* 或添加账号 / no Volcengine main account yet: set VOLC_* or add one',
      );
    }
    const names = all.map((a) => a.name).join(', ');
    throw new UsageError(`有多个主账号，请指明其一：${names} / several main accounts, name one: ${names}`, {
      field: 'account',
    });
  });
}
