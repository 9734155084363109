import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import type { LedgerSource } from '../../domain/ledger.js';
import { money, toStoredString, type Money } from '../../domain/money.js';
import { LedgerEntry } from '../entities/ledgerEntry.js';
import { insertRows } from './bulkInsert.js';

export type LedgerEntryDto = Omit<LedgerEntry, 'amount' | 'balanceAfter'> & {
  amount: Money;
  balanceAfter: Money;
};

export type NewLedgerEntry = {
  subAccountId: string;
  seq: number;
  amount: Money;
  balanceAfter: Money;
  operator: string;
  source: LedgerSource;
  note: string;
  requestId: string;
  quotaRequestId?: string | null;
  reversesEntryId?: string | null;
};

const toDto = (row: LedgerEntry): LedgerEntryDto => ({
  ...row,
  amount: money(row.amount),
  balanceAfter: money(row.balanceAfter),
});
const toRow = (e: LedgerEntryDto): LedgerEntry => ({
  ...e,
  amount: toStoredString(e.amount),
  balanceAfter: toStoredString(e.balanceAfter),
});
const repo = (m: EntityManager) => m.getRepository(LedgerEntry);

/** The append-only quota ledger: there is no update or delete here, on purpose (L4). */
export const ledgerRepo = {
  async append(tx: EntityManager, input: NewLedgerEntry, now: Date): Promise<LedgerEntryDto> {
    const row: LedgerEntry = {
      id: randomUUID(),
      subAccountId: input.subAccountId,
      seq: input.seq,
      amount: toStoredString(input.amount),
      balanceAfter: toStoredString(input.balanceAfter),
      operator: input.operator,
      source: input.source,
      note: input.note,
      requestId: input.requestId,
      quotaRequestId: input.quotaRequestId ?? null,
      reversesEntryId: input.reversesEntryId ?? null,
      createdAt: now,
    };
    await repo(tx).insert(row);
    return toDto(row);
  },

  /**
   * Appends entries the caller has already numbered and given ids (a batch of writes to one sub-account
   * under its row lock), in one multi-row INSERT.
   */
  async appendMany(tx: EntityManager, entries: readonly LedgerEntryDto[]): Promise<void> {
    await insertRows(tx, LedgerEntry, entries.map(toRow));
  },

  async findByRequestId(
    m: EntityManager,
    subAccountId: string,
    requestId: string,
  ): Promise<LedgerEntryDto | null> {
    const row = await repo(m).findOneBy({ subAccountId, requestId });
    return row ? toDto(row) : null;
  },

  /** The entries of one sub-account written under any of these request ids, by request id, in one query. */
  async findByRequestIds(
    m: EntityManager,
    subAccountId: string,
    requestIds: readonly string[],
  ): Promise<Map<string, LedgerEntryDto>> {
    const out = new Map<string, LedgerEntryDto>();
    const unique = [...new Set(requestIds)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await repo(m).findBy({ subAccountId, requestId: In(unique.slice(i, i + 500)) });
      for (const r of rows) out.set(r.requestId, toDto(r));
    }
    return out;
  },

  async findById(m: EntityManager, id: string): Promise<LedgerEntryDto | null> {
    const row = await repo(m).findOneBy({ id });
    return row ? toDto(row) : null;
  },

  /** Newest first, `limit` entries with seq below `beforeSeq` (paging backwards). */
  async page(
    m: EntityManager,
    subAccountId: string,
    opts: { limit: number; beforeSeq?: number },
  ): Promise<LedgerEntryDto[]> {
    const qb = repo(m)
      .createQueryBuilder('e')
      .where('e.sub_account_id = :subAccountId', { subAccountId })
      .orderBy('e.seq', 'DESC')
      .limit(opts.limit);
    if (opts.beforeSeq !== undefined) qb.andWhere('e.seq < :before', { before: opts.beforeSeq });
    return (await qb.getMany()).map(toDto);
  },

  /** The whole chain in seq order (checks and exports). */
  async chain(m: EntityManager, subAccountId: string): Promise<LedgerEntryDto[]> {
    return (await repo(m).find({ where: { subAccountId }, order: { seq: 'ASC' } })).map(toDto);
  },
};
