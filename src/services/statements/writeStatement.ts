import type { Deps } from '../../deps.js';
import { inTransaction, withReader } from '../../db/repos/transaction.js';
import { statementsRepo, type StatementRow } from '../../db/repos/statements.js';
import { billDayStart, nextPeriod, periodFinalAt } from '../../domain/billingPeriod.js';
import { microToString, toMicro } from '../../domain/micro.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { readSettings } from '../settings/getSettings.js';
import { readMonthBill } from './readMonthBill.js';
import { buildStatementLines, statementSpending, type StatementLine } from './lines.js';
import type { StatementNoticeView } from './notices.js';

export type StatementDeps = Pick<Deps, 'db' | 'repos' | 'clock' | 'notifier' | 'volc' | 'log'>;

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM' or a ValidationError naming the expected form. */
export function parsePeriod(input: string): string {
  const p = input.trim();
  if (!PERIOD.test(p))
    throw new UsageError({ reason: 'statement_period_invalid', params: { period: p.slice(0, 20) } });
  return p;
}

/** The Shanghai month as UTC instants [start, end). */
export function periodBounds(period: string): { start: Date; end: Date } {
  return { start: billDayStart(`${period}-01`), end: billDayStart(`${nextPeriod(period)}-01`) };
}

export type EnsureOutcome =
  | { kind: 'written'; statement: StatementRow }
  | { kind: 'exists'; statement: StatementRow }
  | { kind: 'not_final'; finalAt: Date };

/**
 * Writes one main account's statement for `period` once its bill is final (Volcengine finalises the month
 * on day 5 of the next at 10:00 Shanghai, or the 6th working day with contract billing), reading the final
 * split bill in full: Σ of the statement's spending is that bill's Σ exactly. The row, and the summary card
 * in the alert chat (through the outbox), are written in one transaction; a second run finds the row and
 * writes nothing. An incomplete bill read throws (the caller retries later) and writes nothing.
 */
export async function ensureStatement(
  deps: StatementDeps,
  accountId: string,
  period: string,
): Promise<EnsureOutcome> {
  const existing = await withReader(deps.db, (m) => statementsRepo.find(m, accountId, period));
  if (existing) return { kind: 'exists', statement: existing };
  const settings = await withReader(deps.db, (m) => readSettings(deps.repos, m));
  const finalAt = periodFinalAt(period, settings.contractBilling);
  if (deps.clock.now() < finalAt) return { kind: 'not_final', finalAt };

  const account = await withReader(deps.db, (m) => deps.repos.accounts.findById(m, accountId));
  if (!account)
    throw new NotFoundError({ reason: 'statement_account_unknown', params: { account: accountId } });
  const sweep = await readMonthBill(await deps.volc(accountId), accountId, period);

  const { start, end } = periodBounds(period);
  const input = await withReader(deps.db, async (m) => {
    const subs = await deps.repos.subAccounts.list(m, { accountId });
    const projects = await deps.repos.projects.listByAccount(m, accountId);
    const ledger = await statementsRepo.ledgerBefore(
      m,
      subs.map((s) => s.id),
      end,
    );
    const earlier = await statementsRepo.spendingBefore(
      m,
      accountId,
      projects.map((p) => p.projectName),
      `${period}-01`,
    );
    const alerts = await statementsRepo.alertsBetween(m, accountId, start, end);
    return { subs, projects, ledger, earlier, alerts };
  });

  const subAccounts = input.subs.map((s) => {
    const projects = input.projects.filter((p) => p.subAccountId === s.id);
    const entries = input.ledger.filter((e) => e.subAccountId === s.id);
    const before = entries.filter((e) => e.createdAt < start);
    const counted = new Map(projects.filter((p) => p.monitored).map((p) => [p.projectName, p.countsFrom]));
    const spentBefore = input.earlier
      .filter((r) => counted.has(r.projectName) && r.day >= counted.get(r.projectName)!)
      .reduce((a, r) => a + (toMicro(r.amount) ?? 0n), 0n);
    const alerts = input.alerts.filter((a) => a.subAccountId === s.id);
    return {
      id: s.id,
      name: s.userName,
      projects: projects.map((p) => ({
        name: p.projectName,
        countsFrom: p.countsFrom,
        monitored: p.monitored,
      })),
      balanceBefore: before.length ? (toMicro(before.at(-1)!.balanceAfter) ?? 0n) : 0n,
      entries: entries.filter((e) => e.createdAt >= start).map((e) => toMicro(e.amount) ?? 0n),
      spentBefore,
      alerts: alerts.filter((a) => a.type !== 'disabled' && a.type !== 're_enabled').length,
      disables: alerts.filter((a) => a.type === 'disabled').length,
    };
  });
  const { lines, total } = buildStatementLines({
    billDays: sweep.days,
    accountLevel: sweep.unattributed,
    subAccounts,
  });
  if (statementSpending(lines) !== total) throw new Error('statement lines do not add up to the bill');

  const toBase = settings.statementBaseAppToken !== null;
  const statement = await inTransaction(deps.db, async (tx) => {
    const row = await statementsRepo.insertOnce(
      tx,
      {
        accountId,
        period,
        lines,
        totalSpending: microToString(total),
        billRows: sweep.rows,
        bitableState: toBase ? 'pending' : 'off',
      },
      deps.clock.now(),
    );
    if (!row) return null;
    if (settings.alertChatId)
      await deps.notifier.emit(tx, {
        kind: 'statement.monthly',
        subject: { type: 'account', id: accountId },
        view: noticeView(period, account.name, lines, total, sweep.rows, toBase),
        recipients: [{ kind: 'send', receiveIdType: 'chat_id', receiveId: settings.alertChatId }],
        dedupeKey: `statement:${accountId}:${period}`,
      });
    return row;
  });
  if (!statement) {
    const raced = await withReader(deps.db, (m) => statementsRepo.find(m, accountId, period));
    return { kind: 'exists', statement: raced! };
  }
  deps.log.info({ accountId, period, total: microToString(total), lines: lines.length }, 'statement written');
  return { kind: 'written', statement };
}

function noticeView(
  period: string,
  account: string,
  lines: readonly StatementLine[],
  total: bigint,
  billRows: number,
  toBase: boolean,
): StatementNoticeView {
  const subs = lines
    .filter((l) => l.kind === 'sub_account')
    .sort((a, b) => Number((toMicro(b.spending) ?? 0n) - (toMicro(a.spending) ?? 0n)));
  const unattributed = lines
    .filter((l) => l.kind === 'project' && l.subAccount === '')
    .reduce((a, l) => a + (toMicro(l.spending) ?? 0n), 0n);
  return {
    period,
    account,
    totalSpending: microToString(total),
    billRows,
    subAccounts: subs.slice(0, 10).map((l) => ({
      name: l.subAccount,
      quotaStart: l.quotaStart ?? '0',
      allocations: l.allocations ?? '0',
      spending: l.spending,
      remaining: l.remaining ?? '0',
      disables: l.disables ?? 0,
    })),
    more: Math.max(0, subs.length - 10),
    unattributed: microToString(unattributed),
    toBase,
  };
}
