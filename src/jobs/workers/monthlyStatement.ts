import type { Deps } from '../../deps.js';
import { withReader } from '../../db/repos/transaction.js';
import { billPeriod, previousPeriod } from '../../domain/billingPeriod.js';
import { createStatementBase } from '../../feishu/bitable/statementBase.js';
import { ensureStatement } from '../../services/statements/writeStatement.js';
import { writeStatementsToBase } from '../../services/statements/toBase.js';

export type StatementJobDeps = Pick<Deps, 'db' | 'repos' | 'clock' | 'notifier' | 'volc' | 'log'> &
  Partial<Pick<Deps, 'feishu'>>;

/**
 * The month-end statement: on every run, the previous month's statement of each main account is written
 * once its bill is final (the first run after day 5, 10:00 Shanghai — "the first day of the month" in
 * practice means the first check after Volcengine finalises the bill), then every statement whose Base copy
 * is owed is written there. Each step is idempotent (one row per account and month, batches counted), so a
 * failed account or batch is simply retried on the next run.
 */
export async function monthlyStatementJob(deps: StatementJobDeps): Promise<void> {
  const period = previousPeriod(billPeriod(deps.clock.now()));
  const accounts = await withReader(deps.db, (m) => deps.repos.accounts.list(m));
  for (const account of accounts) {
    try {
      const r = await ensureStatement(deps, account.id, period);
      if (r.kind === 'not_final') {
        deps.log.debug({ job: 'monthlyStatement', period, finalAt: r.finalAt }, 'bill not final yet');
        return;
      }
    } catch (err) {
      deps.log.warn(
        { job: 'monthlyStatement', period, account: account.name, err: String(err) },
        'statement not written; retried on the next run',
      );
    }
  }
  if (deps.feishu) await writeStatementsToBase(deps, createStatementBase(deps.feishu.client));
}
