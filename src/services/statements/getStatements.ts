import type { Deps } from '../../deps.js';
import { withReader } from '../../db/repos/transaction.js';
import { statementsRepo } from '../../db/repos/statements.js';
import { periodFinalAt } from '../../domain/billingPeriod.js';
import { NotFoundError } from '../../errors.js';
import { readSettings } from '../settings/getSettings.js';
import { formatShanghaiInstant } from './time.js';
import type { StatementLine } from './lines.js';
import { ensureStatement, type StatementDeps } from './writeStatement.js';

export type StatementDto = {
  period: string;
  accountId: string;
  account: string;
  totalSpending: string;
  billRows: number;
  writtenAt: Date;
  base: { state: 'pending' | 'written' | 'off'; tableId: string | null; error: string | null };
  lines: StatementLine[];
};

/**
 * The statements written for `period`, one per main account. None yet: `statement_not_final` while the bill
 * is not final, `statement_not_written` after (the job writes it at its next run).
 */
export async function getStatements(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  period: string,
): Promise<StatementDto[]> {
  const { rows, accounts, settings } = await withReader(deps.db, async (m) => ({
    rows: await statementsRepo.listByPeriod(m, period),
    accounts: await deps.repos.accounts.list(m),
    settings: await readSettings(deps.repos, m),
  }));
  if (rows.length === 0) {
    const finalAt = periodFinalAt(period, settings.contractBilling);
    if (deps.clock.now() < finalAt)
      throw new NotFoundError({
        reason: 'statement_not_final',
        params: { period, finalAt: formatShanghaiInstant(finalAt) },
      });
    throw new NotFoundError({ reason: 'statement_not_written', params: { period } });
  }
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  return rows
    .map((r) => ({
      period: r.period,
      accountId: r.accountId,
      account: names.get(r.accountId) ?? r.accountId,
      totalSpending: r.totalSpending,
      billRows: r.billRows,
      writtenAt: r.createdAt,
      base: { state: r.bitableState, tableId: r.bitableTableId, error: r.bitableError },
      lines: r.lines as StatementLine[],
    }))
    .sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
}

/** Writes what is missing for `period` (every main account, once the bill is final), then reads them. */
export async function writeAndGetStatements(deps: StatementDeps, period: string): Promise<StatementDto[]> {
  const accounts = await withReader(deps.db, (m) => deps.repos.accounts.list(m));
  for (const a of accounts) await ensureStatement(deps, a.id, period);
  return getStatements(deps, period);
}
