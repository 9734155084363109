import { checkResultCard, type CheckResultView } from '../../../cards/checkResult.js';
import { withReader } from '../../db/repos/transaction.js';
import { watchRepo } from '../../db/repos/watch.js';
import type { Deps } from '../../deps.js';
import { runSpendingCheck } from '../../services/watch/runSpendingCheck.js';
import type { Locale } from '../texts.js';
import { defineChatCommand } from './define.js';
import { noArgs } from './parse.js';

/** Runs one spending cycle now (the same use case as the schedule and the CLI) and says what it did. */
export async function runCheck(deps: Deps, locale: Locale): Promise<CheckResultView> {
  const r = await runSpendingCheck(deps, { trigger: 'chat', locale });
  if (!r.ran) return { state: 'busy', since: await withReader(deps.db, (m) => watchRepo.lastStartedAt(m)) };
  const s = r.summary;
  return {
    state: 'ran',
    at: r.finishedAt,
    durationMs: r.durationMs,
    accounts: s.accounts.length,
    subAccounts: s.subAccounts,
    alerts: Object.values(s.alerts).reduce((a, b) => a + b, 0),
    disabled: s.disabled,
    enabled: s.enabled,
    syncErrors: s.accounts.filter((a) => !a.complete).map((a) => a.name),
    newestBillRowAt: s.newestBillRowAt ? new Date(s.newestBillRowAt) : null,
  };
}

/** check / 检查: a spending check now (admin or approver). */
export const checkCommand = defineChatCommand({
  key: 'check',
  names: ['check', '检查'],
  args: noArgs,
  policy: 'check.run',
  run: (deps, _actor, _a, meta) => runCheck(deps, meta.locale),
  render: (view, locale) => checkResultCard(view, locale),
});
