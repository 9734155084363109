import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { forUpdate } from './lock.js';
import { findWhere } from '../prepared.js';
import { notificationsRepo } from './notifications.js';
import { money, toStoredString, type Money } from '../../domain/money.js';
import { FeishuOutboxMessage } from '../entities/feishuOutboxMessage.js';
import {
  QuotaRequest,
  type QuotaRequestState,
  type RequestRouteRecord,
  type StepApprovalRecord,
} from '../entities/quotaRequest.js';

export type QuotaRequestDto = Omit<QuotaRequest, 'amount' | 'approvedAmount'> & {
  amount: Money;
  approvedAmount: Money | null;
};

export type NewQuotaRequest = {
  subAccountId: string;
  amount: Money;
  reason: string;
  requester: string;
  source: string;
  idempotencyKey: string | null;
  bodyHash: string | null;
  expiresAt: Date;
  /** The approver route resolved before filing (null: none could be read; read live later). */
  route?: RequestRouteRecord | null;
};

export type Decision = {
  status: Exclude<QuotaRequestState, 'pending'>;
  decidedBy: string;
  decidedAt: Date;
  decisionNote?: string | null;
  approvedAmount?: Money | null;
};

/**
 * One delivered-or-queued copy of a request's approval card: where it went (its notification recipient)
 * and, once the relay has sent it, the Feishu message to patch.
 */
export type ApprovalCopy = {
  recipient: Record<string, unknown>;
  status: string;
  messageId: string | null;
  orderKey: string;
};

const toDto = (row: QuotaRequest): QuotaRequestDto => ({
  ...row,
  amount: money(row.amount),
  approvedAmount: row.approvedAmount === null ? null : money(row.approvedAmount),
});
const repo = (m: EntityManager) => m.getRepository(QuotaRequest);

export const quotaRequestsRepo = {
  async insert(m: EntityManager, input: NewQuotaRequest, now: Date): Promise<QuotaRequestDto> {
    const row: QuotaRequest = {
      id: randomUUID(),
      ...input,
      route: input.route ?? null,
      stepApprovals: null,
      amount: toStoredString(input.amount),
      approvedAmount: null,
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
      ledgerEntryId: null,
      cardMessageId: null,
      announcedAt: null,
      publishedAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await repo(m).insert(row);
    return toDto(row);
  },

  /** By primary key, as a fixed prepared text: every click on a request card reads it (prepared.ts). */
  async findById(m: EntityManager, id: string): Promise<QuotaRequestDto | null> {
    const [row] = await findWhere(m, QuotaRequest, { id }, { limit: 1 });
    return row ? toDto(row) : null;
  },

  /** Locks the request row until the transaction ends (deciding it). */
  async lockById(tx: EntityManager, id: string): Promise<QuotaRequestDto | null> {
    const row = await forUpdate(tx, repo(tx).createQueryBuilder('r').where('r.id = :id', { id })).getOne();
    return row ? toDto(row) : null;
  },

  async findByIdempotencyKey(
    m: EntityManager,
    requester: string,
    key: string,
  ): Promise<QuotaRequestDto | null> {
    const row = await repo(m).findOneBy({ requester, idempotencyKey: key });
    return row ? toDto(row) : null;
  },

  /**
   * Compare-and-set out of `pending`: UPDATE … WHERE id = ? AND status = 'pending'. One caller gets true;
   * everyone else false ("already handled"). `notExpiredAt` also refuses a request whose time has passed.
   */
  async decide(
    m: EntityManager,
    id: string,
    d: Decision,
    opts: { notExpiredAt?: Date } = {},
  ): Promise<boolean> {
    const qb = repo(m)
      .createQueryBuilder()
      .update(QuotaRequest)
      .set({
        status: d.status,
        decidedBy: d.decidedBy,
        decidedAt: d.decidedAt,
        decisionNote: d.decisionNote ?? null,
        approvedAmount: d.approvedAmount ? toStoredString(d.approvedAmount) : null,
        updatedAt: d.decidedAt,
        version: () => 'version + 1',
      })
      .where("id = :id AND status = 'pending'", { id });
    if (opts.notExpiredAt) qb.andWhere('expires_at > :at', { at: opts.notExpiredAt });
    const r = await qb.execute();
    return r.affected === 1;
  },

  /**
   * Records one more approved step of a pending, unexpired request by compare-and-set on its version (the
   * caller holds the row lock; false: it moved meanwhile).
   */
  async approveStep(
    m: EntityManager,
    id: string,
    version: number,
    approvals: StepApprovalRecord[],
    now: Date,
  ): Promise<boolean> {
    const r = await repo(m)
      .createQueryBuilder()
      .update(QuotaRequest)
      .set({ stepApprovals: approvals, updatedAt: now, version: () => 'version + 1' })
      .where("id = :id AND status = 'pending' AND version = :version AND expires_at > :now", {
        id,
        version,
        now,
      })
      .execute();
    return r.affected === 1;
  },

  async setLedgerEntry(m: EntityManager, id: string, ledgerEntryId: string): Promise<void> {
    await repo(m).update({ id }, { ledgerEntryId });
  },

  async setCardMessageId(m: EntityManager, id: string, cardMessageId: string, now: Date): Promise<void> {
    await repo(m).update({ id }, { cardMessageId, updatedAt: now });
  },

  /** Marks the approval card written, once (false: another writer did it first). */
  async markAnnounced(m: EntityManager, id: string, at: Date): Promise<boolean> {
    const r = await repo(m)
      .createQueryBuilder()
      .update(QuotaRequest)
      .set({ announcedAt: at })
      .where('id = :id AND announced_at IS NULL', { id })
      .execute();
    return r.affected === 1;
  },

  async markPublished(m: EntityManager, id: string, at: Date): Promise<void> {
    await repo(m).update({ id }, { publishedAt: at });
  },

  /** Open requests whose approval card nobody could be given yet, oldest first. */
  async listUnannounced(m: EntityManager, now: Date, limit = 200): Promise<QuotaRequestDto[]> {
    const rows = await repo(m)
      .createQueryBuilder('r')
      .where("r.status = 'pending' AND r.announced_at IS NULL AND r.expires_at > :now", { now })
      .orderBy('r.created_at', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(toDto);
  },

  /** Requests decided since `since` whose decision has not reached every copy of the card yet. */
  async listUnpublished(m: EntityManager, since: Date, limit = 200): Promise<QuotaRequestDto[]> {
    const rows = await repo(m)
      .createQueryBuilder('r')
      .where("r.status <> 'pending' AND r.published_at IS NULL AND r.decided_at >= :since", { since })
      .orderBy('r.decided_at', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(toDto);
  },

  /**
   * The copies of a request's approval card: the recipients of its `kind` notifications, each with the
   * outbox row its card became (by the uuids the notification recorded), so a decision can patch them.
   */
  async approvalCopies(m: EntityManager, id: string, kind: string): Promise<ApprovalCopy[]> {
    const notices = await notificationsRepo.listBySubject(m, { type: 'quota_request', id }, { kind });
    const pairs = notices.flatMap((n) =>
      n.outbox.map((uuid, i) => ({ uuid, recipient: n.recipients[i] as Record<string, unknown> })),
    );
    if (pairs.length === 0) return [];
    const rows = await m.getRepository(FeishuOutboxMessage).find({
      where: { uuid: In(pairs.map((p) => p.uuid)) },
      select: { uuid: true, status: true, feishuMessageId: true, orderKey: true },
    });
    const byUuid = new Map(rows.map((r) => [r.uuid, r]));
    return pairs.flatMap(({ uuid, recipient }) => {
      const row = byUuid.get(uuid);
      return row
        ? [{ recipient, status: row.status, messageId: row.feishuMessageId, orderKey: row.orderKey }]
        : [];
    });
  },

  /** Requests still open (pending and not past their expiry) for a sub-account or a requester. */
  async countOpen(
    m: EntityManager,
    by: { subAccountId: string } | { requester: string },
    now: Date,
  ): Promise<number> {
    const qb = repo(m).createQueryBuilder('r').where("r.status = 'pending' AND r.expires_at > :now", { now });
    if ('subAccountId' in by) qb.andWhere('r.sub_account_id = :sid', { sid: by.subAccountId });
    else qb.andWhere('r.requester = :requester', { requester: by.requester });
    return qb.getCount();
  },

  /** Pending requests whose expiry time has passed, oldest first. */
  async listExpired(m: EntityManager, now: Date, limit = 500): Promise<QuotaRequestDto[]> {
    const rows = await repo(m)
      .createQueryBuilder('r')
      .where("r.status = 'pending' AND r.expires_at <= :now", { now })
      .orderBy('r.expires_at', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(toDto);
  },

  async list(
    m: EntityManager,
    filter: { subAccountId?: string; status?: QuotaRequestState; requester?: string; limit?: number } = {},
  ): Promise<QuotaRequestDto[]> {
    const qb = repo(m).createQueryBuilder('r').orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'ASC');
    if (filter.subAccountId) qb.andWhere('r.sub_account_id = :sid', { sid: filter.subAccountId });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.requester) qb.andWhere('r.requester = :requester', { requester: filter.requester });
    return (await qb.limit(filter.limit ?? 100).getMany()).map(toDto);
  },
};
