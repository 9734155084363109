import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { findWhere } from '../prepared.js';
import { money, toStoredString, type Money } from '../../domain/money.js';
import { SubAccount, type SubAccountStatus } from '../entities/subAccount.js';
import { isMysql } from '../dataSource.js';
import { forUpdate } from './lock.js';

export type SubAccountDto = Omit<SubAccount, 'balance'> & { balance: Money };

export type NewSubAccount = {
  accountId: string;
  userName: string;
  displayName?: string | null;
  volcUserId?: string | null;
  volcTrn?: string | null;
  ownerOpenId?: string | null;
  status?: SubAccountStatus;
};

/** Fields any use case other than the ledger may change (the chain head changes only via setChainHead). */
export type SubAccountPatch = Partial<
  Pick<
    SubAccount,
    | 'displayName'
    | 'volcUserId'
    | 'volcTrn'
    | 'status'
    | 'disabledReason'
    | 'disabledAt'
    | 'disabledKeys'
    | 'disabledApiKeys'
    | 'loginDisabled'
    | 'reenableRequestedAt'
    | 'ownerOpenId'
    | 'thresholds'
    | 'alertEpoch'
    | 'alertedStep'
    | 'earlyWarned'
  >
>;

function toDto(row: SubAccount): SubAccountDto {
  return { ...row, balance: money(row.balance) };
}

const repo = (m: EntityManager) => m.getRepository(SubAccount);

/** The UPDATE moving a ledger head from `fromSeq` to `lastSeq`, only where the row's head is still `fromSeq`. */
function headMove(
  tx: EntityManager,
  id: string,
  head: { fromSeq: number; lastSeq: number; balance: Money },
  patch: SubAccountPatch,
  now: Date,
) {
  const steps = head.lastSeq - head.fromSeq;
  if (!Number.isSafeInteger(steps) || steps < 1) throw new Error(`bad ledger head move: ${steps} entries`);
  return repo(tx)
    .createQueryBuilder()
    .update(SubAccount)
    .set({
      ...patch,
      balance: toStoredString(head.balance),
      lastSeq: head.lastSeq,
      updatedAt: now,
      version: () => `version + ${steps}`,
    })
    .where('id = :id AND last_seq = :prev', { id, prev: head.fromSeq });
}

export const subAccountsRepo = {
  async insert(m: EntityManager, input: NewSubAccount, now: Date): Promise<SubAccountDto> {
    const row: SubAccount = {
      id: randomUUID(),
      accountId: input.accountId,
      userName: input.userName,
      displayName: input.displayName ?? null,
      volcUserId: input.volcUserId ?? null,
      volcTrn: input.volcTrn ?? null,
      status: input.status ?? 'active',
      disabledReason: null,
      disabledAt: null,
      disabledKeys: null,
      disabledApiKeys: null,
      loginDisabled: false,
      reenableRequestedAt: null,
      ownerOpenId: input.ownerOpenId ?? null,
      thresholds: null,
      alertEpoch: 0,
      alertedStep: null,
      earlyWarned: false,
      balance: toStoredString(money('0')),
      lastSeq: 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await repo(m).insert(row);
    return toDto(row);
  },

  async findById(m: EntityManager, id: string): Promise<SubAccountDto | null> {
    const [row] = await findWhere(m, SubAccount, { id }, { limit: 1 });
    return row ? toDto(row) : null;
  },

  /** Every sub-account with this user name (one per main account at most). */
  async findByName(m: EntityManager, userName: string): Promise<SubAccountDto[]> {
    return (await findWhere(m, SubAccount, { userName }, { order: [['createdAt', 'ASC']] })).map(toDto);
  },

  async findByAccountAndName(
    m: EntityManager,
    accountId: string,
    userName: string,
  ): Promise<SubAccountDto | null> {
    const row = await repo(m).findOneBy({ accountId, userName });
    return row ? toDto(row) : null;
  },

  async list(
    m: EntityManager,
    filter: { accountId?: string; ownerOpenId?: string; status?: SubAccountStatus } = {},
  ): Promise<SubAccountDto[]> {
    const qb = repo(m).createQueryBuilder('s').orderBy('s.user_name', 'ASC').addOrderBy('s.id', 'ASC');
    if (filter.accountId) qb.andWhere('s.account_id = :accountId', { accountId: filter.accountId });
    if (filter.ownerOpenId) qb.andWhere('s.owner_open_id = :owner', { owner: filter.ownerOpenId });
    if (filter.status) qb.andWhere('s.status = :status', { status: filter.status });
    return (await qb.getMany()).map(toDto);
  },

  /** Locks the row until the transaction ends (every change to one sub-account's state goes through here). */
  async lockById(tx: EntityManager, id: string): Promise<SubAccountDto | null> {
    const row = await forUpdate(tx, repo(tx).createQueryBuilder('s').where('s.id = :id', { id })).getOne();
    return row ? toDto(row) : null;
  },

  /** Moves the cached chain head; only under lockById, in the transaction that inserts the entry. */
  async setChainHead(
    tx: EntityManager,
    id: string,
    head: { lastSeq: number; balance: Money },
    patch: SubAccountPatch,
    now: Date,
  ): Promise<void> {
    await subAccountsRepo.advanceChainHead(tx, id, { fromSeq: head.lastSeq - 1, ...head }, patch, now);
  },

  /**
   * Moves the cached chain head over several entries appended in one transaction (seq fromSeq+1 … lastSeq);
   * the version grows by one per entry, as if they had been written one by one.
   */
  async advanceChainHead(
    tx: EntityManager,
    id: string,
    head: { fromSeq: number; lastSeq: number; balance: Money },
    patch: SubAccountPatch,
    now: Date,
  ): Promise<void> {
    const r = await headMove(tx, id, head, patch, now).execute();
    // The row lock makes this impossible; the condition turns a broken lock into an error, not a lost update.
    if (r.affected !== 1) throw new Error(`ledger head of sub-account ${id} moved under its lock`);
  },

  /**
   * The same move as advanceChainHead for a caller that planned without the row lock: only if the row is
   * still exactly what was planned on — its seq, version (any change to the row raises it), balance, alert
   * epoch and status —, else nothing and false. The UPDATE takes the row lock (waiting for a writer that
   * holds it), so from here to the commit nobody else can move the head.
   */
  async advanceChainHeadIf(
    tx: EntityManager,
    id: string,
    head: { fromSeq: number; lastSeq: number; balance: Money },
    planned: Pick<SubAccountDto, 'version' | 'balance' | 'alertEpoch' | 'status'>,
    patch: SubAccountPatch,
    now: Date,
  ): Promise<boolean> {
    const qb = headMove(tx, id, head, patch, now).andWhere(
      'version = :version AND alert_epoch = :epoch AND status = :status',
      { version: planned.version, epoch: planned.alertEpoch, status: planned.status },
    );
    // Compared as DECIMAL, not as the double MySQL would turn a string into.
    if (isMysql(tx.connection))
      qb.andWhere('balance = CAST(:balance AS DECIMAL(20,6))', { balance: toStoredString(planned.balance) });
    return (await qb.execute()).affected === 1;
  },

  async update(m: EntityManager, id: string, patch: SubAccountPatch, now: Date): Promise<void> {
    await repo(m)
      .createQueryBuilder()
      .update(SubAccount)
      .set({ ...patch, updatedAt: now, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
  },

  /** Compare-and-set on the version: true when this caller's change won. */
  async updateIfVersion(
    m: EntityManager,
    id: string,
    version: number,
    patch: SubAccountPatch,
    now: Date,
  ): Promise<boolean> {
    const r = await repo(m)
      .createQueryBuilder()
      .update(SubAccount)
      .set({ ...patch, updatedAt: now, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return r.affected === 1;
  },

  async countByAccount(m: EntityManager, accountId: string): Promise<number> {
    return repo(m).countBy({ accountId });
  },

  /** How many sub-accounts are in each status (for metrics). */
  async countByStatus(m: EntityManager): Promise<Array<{ status: string; n: number }>> {
    const rows = await repo(m)
      .createQueryBuilder('s')
      .select('s.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('s.status')
      .getRawMany<{ status: string; n: string | number }>();
    return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
  },
};
