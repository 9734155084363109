import { randomUUID } from 'node:crypto';
import { In, LessThan, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { Alert } from '../entities/alert.js';
import { LedgerEntry } from '../entities/ledgerEntry.js';
import { SpendingRecord } from '../entities/spendingRecord.js';
import { Statement } from '../entities/statement.js';
import { isUniqueViolation } from './errors.js';

export type StatementRow = Statement;

export type NewStatement = {
  accountId: string;
  period: string;
  lines: unknown[];
  totalSpending: string;
  billRows: number;
  bitableState: 'pending' | 'off';
};

const repo = (m: EntityManager) => m.getRepository(Statement);

/** Month-end statements and the reads that build one (ledger, earlier spending, alerts of the month). */
export const statementsRepo = {
  async find(m: EntityManager, accountId: string, period: string): Promise<StatementRow | null> {
    return repo(m).findOne({ where: { accountId, period } });
  },

  async listByPeriod(m: EntityManager, period: string): Promise<StatementRow[]> {
    return repo(m).find({ where: { period }, order: { createdAt: 'ASC' } });
  },

  /** Rows whose Base copy is still owed. */
  async bitablePending(m: EntityManager): Promise<StatementRow[]> {
    return repo(m).find({ where: { bitableState: 'pending' }, order: { createdAt: 'ASC' } });
  },

  /** Inserts the month's statement unless one exists (then null): the unique index is the "once". */
  async insertOnce(m: EntityManager, s: NewStatement, now: Date): Promise<StatementRow | null> {
    if (await repo(m).existsBy({ accountId: s.accountId, period: s.period })) return null;
    const row: Statement = {
      id: randomUUID(),
      ...s,
      bitableBatches: 0,
      bitableTableId: null,
      bitableError: null,
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await repo(m).insert(row as QueryDeepPartialEntity<Statement>);
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
    return row;
  },

  async updateBitable(
    m: EntityManager,
    id: string,
    patch: Partial<
      Pick<Statement, 'bitableState' | 'bitableBatches' | 'bitableTableId' | 'bitableError' | 'attempts'>
    >,
    now: Date,
  ): Promise<void> {
    await repo(m).update({ id }, { ...patch, updatedAt: now });
  },

  /** Every ledger entry of these sub-accounts written before `before`, oldest first per sub-account. */
  async ledgerBefore(
    m: EntityManager,
    subAccountIds: readonly string[],
    before: Date,
  ): Promise<Array<Pick<LedgerEntry, 'subAccountId' | 'seq' | 'amount' | 'balanceAfter' | 'createdAt'>>> {
    if (subAccountIds.length === 0) return [];
    return m.getRepository(LedgerEntry).find({
      select: { subAccountId: true, seq: true, amount: true, balanceAfter: true, createdAt: true },
      where: { subAccountId: In([...subAccountIds]), createdAt: LessThan(before) },
      order: { subAccountId: 'ASC', seq: 'ASC' },
    });
  },

  /** The account's recorded daily spending before `beforeDay` ('YYYY-MM-DD'), for the given projects. */
  async spendingBefore(
    m: EntityManager,
    accountId: string,
    projects: readonly string[],
    beforeDay: string,
  ): Promise<Array<Pick<SpendingRecord, 'projectName' | 'day' | 'amount'>>> {
    if (projects.length === 0) return [];
    return m.getRepository(SpendingRecord).find({
      select: { projectName: true, day: true, amount: true },
      where: { accountId, projectName: In([...projects]), day: LessThan(beforeDay) },
    });
  },

  /** The account's alerts raised in [from, to): sub-account and type. */
  async alertsBetween(
    m: EntityManager,
    accountId: string,
    from: Date,
    to: Date,
  ): Promise<Array<Pick<Alert, 'subAccountId' | 'type'>>> {
    return m
      .getRepository(Alert)
      .createQueryBuilder('a')
      .select(['a.subAccountId', 'a.type'])
      .where('a.account_id = :accountId', { accountId })
      .andWhere('a.created_at >= :from AND a.created_at < :to', { from, to })
      .getMany();
  },
};
