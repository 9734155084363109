import { Brackets, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { isMysql } from '../dataSource.js';
import { FeishuOutboxMessage } from '../entities/feishuOutboxMessage.js';
import { isUniqueViolation } from './errors.js';

export type NewOutboxRow = {
  uuid: string;
  dedupeKey: string | null;
  orderKey: string;
  kind: string;
  payload: Record<string, unknown>;
  now: Date;
};

/** A claimed row is changed only by its lease owner: a relay whose lease ran out changes nothing. */
/** One outbox row as the relay reads it. */
export type OutboxRow = FeishuOutboxMessage;

export type OutboxClaim = { id: string | number; leaseOwner: string };

export type OutboxCounts = { pending: number; failed: number; oldestPending: Date | null };

const repo = (m: EntityManager) => m.getRepository(FeishuOutboxMessage);

/** The outbound Feishu messages: the relay's queue, one row per message (see the entity). */
export const outboxRepo = {
  /**
   * Inserts a pending row, or, when a row with the same dedupe key exists, returns its uuid as a duplicate.
   * One statement when the key is new (every message but a redelivered event's): the insert is the check,
   * and nothing is read back. A duplicate costs a second, locking read. Two writers racing on one key: the
   * unique index decides and the loser is a duplicate.
   */
  async insertOnce(m: EntityManager, row: NewOutboxRow): Promise<{ uuid: string; duplicate: boolean }> {
    try {
      await repo(m)
        .createQueryBuilder()
        .insert()
        .values({
          uuid: row.uuid,
          dedupeKey: row.dedupeKey,
          orderKey: row.orderKey,
          kind: row.kind,
          // TypeORM cannot type `unknown` values in insert types; the JSON transformer stores it as is.
          payload: row.payload as QueryDeepPartialEntity<Record<string, unknown>>,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: row.now,
          leaseOwner: null,
          leaseUntil: null,
          lastError: null,
          feishuMessageId: null,
          createdAt: row.now,
          sentAt: null,
        })
        // No read-back of the generated id and defaults: no caller needs them.
        .updateEntity(false)
        .execute();
    } catch (err) {
      if (row.dedupeKey && isUniqueViolation(err)) {
        // A failed insert undoes only itself: the caller's transaction goes on.
        const uuid = await lockedUuidByDedupeKey(m, row.dedupeKey);
        if (uuid) return { uuid, duplicate: true };
      }
      throw err;
    }
    return { uuid: row.uuid, duplicate: false };
  },

  async find(m: EntityManager, uuid: string): Promise<FeishuOutboxMessage | null> {
    return repo(m).findOne({ where: { uuid } });
  },

  /** Pending and failed counts, and when the oldest pending row was written. */
  async counts(m: EntityManager): Promise<OutboxCounts> {
    const raw = await repo(m)
      .createQueryBuilder('o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .addSelect('MIN(o.created_at)', 'oldest')
      .where('o.status IN (:...s)', { s: ['pending', 'failed'] })
      .groupBy('o.status')
      .getRawMany<{ status: string; n: string | number; oldest: string | Date | null }>();
    const pending = raw.find((r) => r.status === 'pending');
    const failed = raw.find((r) => r.status === 'failed');
    return {
      pending: Number(pending?.n ?? 0),
      failed: Number(failed?.n ?? 0),
      oldestPending: pending?.oldest ? asUtc(pending.oldest) : null,
    };
  },

  /**
   * The rows due now that head their order key (no older pending row of the same key) and hold no live
   * lease, oldest first: a chat's messages go out in order and one waiting on a retry holds back the rest.
   */
  async dueHeads(m: EntityManager, now: Date, limit: number): Promise<FeishuOutboxMessage[]> {
    const older = repo(m)
      .createQueryBuilder('p')
      .select('1')
      .where('p.order_key = o.order_key')
      .andWhere("p.status = 'pending'")
      .andWhere('p.id < o.id');
    return repo(m)
      .createQueryBuilder('o')
      .where("o.status = 'pending'")
      .andWhere('o.next_attempt_at <= :now', { now })
      .andWhere(
        new Brackets((b) => b.where('o.lease_until IS NULL').orWhere('o.lease_until < :now', { now })),
      )
      .andWhere(`NOT EXISTS (${older.getQuery()})`)
      .orderBy('o.id', 'ASC')
      .limit(limit)
      .getMany();
  },

  /** Compare-and-set: leases a pending row whose lease is free or ran out; false when another relay has it. */
  async claim(m: EntityManager, claim: OutboxClaim, now: Date, leaseMs: number): Promise<boolean> {
    const res = await repo(m)
      .createQueryBuilder()
      .update()
      .set({
        leaseOwner: claim.leaseOwner,
        leaseUntil: new Date(now.getTime() + leaseMs),
        attempts: () => 'attempts + 1',
      })
      .where('id = :id', { id: claim.id })
      .andWhere("status = 'pending'")
      .andWhere(new Brackets((b) => b.where('lease_until IS NULL').orWhere('lease_until < :now', { now })))
      .execute();
    return res.affected === 1;
  },

  async markSent(
    m: EntityManager,
    claim: OutboxClaim,
    at: Date,
    feishuMessageId: string | null,
  ): Promise<void> {
    await repo(m).update(claim, {
      status: 'sent',
      sentAt: at,
      feishuMessageId,
      leaseOwner: null,
      leaseUntil: null,
      lastError: null,
    });
  },

  async markFailed(m: EntityManager, claim: OutboxClaim, reason: string): Promise<void> {
    await repo(m).update(claim, {
      status: 'failed',
      lastError: reason.slice(0, 1000),
      leaseOwner: null,
      leaseUntil: null,
    });
  },

  /** Back to pending, due again at `nextAttemptAt`. */
  async retryAt(m: EntityManager, claim: OutboxClaim, nextAttemptAt: Date, reason: string): Promise<void> {
    await repo(m).update(claim, {
      nextAttemptAt,
      lastError: reason.slice(0, 1000),
      leaseOwner: null,
      leaseUntil: null,
    });
  },
};

/**
 * The uuid of the row holding `dedupeKey`, as committed now. Inside a MySQL transaction that takes a
 * locking read: under REPEATABLE READ a plain one would use the transaction's snapshot, which may predate
 * the row. A shared lock, since the failed insert already holds one on that key (asking for an exclusive
 * one could deadlock two writers of one key). Outside a transaction (autocommit) a plain read is current.
 */
async function lockedUuidByDedupeKey(m: EntityManager, dedupeKey: string): Promise<string | null> {
  if (isMysql(m.connection) && m.queryRunner?.isTransactionActive) {
    // Written out: TypeORM's shared lock is `FOR SHARE`, which MariaDB does not know; this form is read
    // by MySQL 8 and MariaDB alike.
    const rows = (await m.query('SELECT uuid FROM feishu_outbox WHERE dedupe_key = ? LOCK IN SHARE MODE', [
      dedupeKey,
    ])) as Array<{ uuid: string }>;
    return rows[0]?.uuid ?? null;
  }
  const row = await repo(m).findOne({ where: { dedupeKey }, select: { uuid: true } });
  return row?.uuid ?? null;
}

/** A raw DATETIME as the driver returns it (a Date, or a UTC string without zone on SQLite). */
function asUtc(v: string | Date): Date {
  if (v instanceof Date) return v;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);
}
