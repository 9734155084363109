import type { Deps } from '../../deps.js';
import { NotFoundError } from '../../errors.js';
import { withReader } from '../../db/repos/transaction.js';
import type { LedgerEntryDto } from '../../db/repos/ledger.js';

export type QuotaHistoryInput = { subAccountId: string; limit?: number; beforeSeq?: number };
export type QuotaHistoryResult = { entries: LedgerEntryDto[]; nextBeforeSeq: number | null };

/** A sub-account's ledger, newest first, a page at a time. */
export async function quotaHistory(
  deps: Pick<Deps, 'db' | 'repos'>,
  input: QuotaHistoryInput,
): Promise<QuotaHistoryResult> {
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 500);
  return withReader(deps.db, async (m) => {
    if (!(await deps.repos.subAccounts.findById(m, input.subAccountId))) {
      throw new NotFoundError({ reason: 'sub_account_not_found', params: { id: input.subAccountId } });
    }
    const entries = await deps.repos.ledger.page(m, input.subAccountId, {
      limit,
      beforeSeq: input.beforeSeq,
    });
    const last = entries.at(-1);
    return { entries, nextBeforeSeq: entries.length === limit && last && last.seq > 1 ? last.seq : null };
  });
}
