import { historyCard, type HistoryView } from '../../../cards/history.js';
import type { Deps } from '../../deps.js';
import { quotaHistory } from '../../services/quota/quotaHistory.js';
import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import { loadSubAccount } from '../../services/iam/loadSubAccount.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { labels, operatorNames, subRef } from './views.js';

/** The ledger of one sub-account, newest first; the card shows page `page` of it (paged, never cut). */
export async function loadHistory(deps: Deps, subAccountId: string, page: number): Promise<HistoryView> {
  const sub = await loadSubAccount(deps, subAccountId);
  // The card pages what it is given; the newest 500 entries are 25 pages.
  const { entries } = await quotaHistory(deps, { subAccountId, limit: 500 });
  const names = await operatorNames(deps);
  return {
    sub: subRef(sub),
    page,
    entries: entries.map((e) => ({
      seq: e.seq,
      at: e.createdAt,
      amount: e.amount,
      balanceAfter: e.balanceAfter,
      operator: names(e.operator),
      source: e.source,
      note: e.note,
    })),
  };
}

/** history NAME / 记录 / 流水: allocations and deductions. */
export const historyCommand = defineChatCommand({
  key: 'history',
  names: ['history', '记录', '流水'],
  args: positional({ name: word(labels.name) }),
  policy: 'quota.view',
  run: async (deps, _actor, a) => loadHistory(deps, (await resolveSubAccount(deps, a.name)).id, 1),
  render: (view, locale) => historyCard(view, locale),
});
