import type { EntityManager } from 'typeorm';
import { isMysql } from '../dataSource.js';
import { FeishuOutboxMessage } from '../entities/feishuOutboxMessage.js';
import { isUniqueViolation } from './errors.js';
import { hydrate, preparedRead, preparedWrite, sqlValue } from '../prepared.js';

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

// The relay's statements, one or more per message sent: fixed texts, prepared on MySQL (prepared.ts).
const INSERT_SQL = `INSERT INTO feishu_outbox (uuid, dedupe_key, order_key, kind, payload, status, attempts,
  next_attempt_at, lease_owner, lease_until, last_error, feishu_message_id, created_at, sent_at)
  VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, NULL, NULL, NULL, NULL, ?, NULL)`;
// The rows due now that head their order key and hold no live lease; the limit is the relay's batch size
// (one text per relay), written in: a LIMIT placeholder is refused by some servers in prepared statements.
// Each key's head is its smallest pending id, found in the index (status, order_key, id) with one dive per
// key (MySQL and MariaDB: "Using index for group-by") or at worst a read of the pending entries alone,
// never the sent rows: asking each pending row whether an older one exists (NOT EXISTS) cost about 10 ms
// of MariaDB a pass at 1,000 of them.
const dueHeadsSql = (limit: number) => `SELECT o.* FROM feishu_outbox o
  JOIN (SELECT order_key, MIN(id) AS id FROM feishu_outbox WHERE status = 'pending' GROUP BY order_key) h
    ON h.id = o.id
  WHERE o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until < ?)
  ORDER BY o.id ASC LIMIT ${Math.max(1, Math.floor(limit))}`;
const CLAIM_SQL = `UPDATE feishu_outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
  WHERE id = ? AND status = 'pending' AND (lease_until IS NULL OR lease_until < ?)`;
const MARK_SENT_SQL = `UPDATE feishu_outbox SET status = 'sent', sent_at = ?, feishu_message_id = ?,
  lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = ? AND lease_owner = ?`;

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
      const at = sqlValue(m, FeishuOutboxMessage, 'createdAt', row.now);
      await preparedWrite(m, INSERT_SQL, [
        row.uuid,
        row.dedupeKey,
        row.orderKey,
        row.kind,
        sqlValue(m, FeishuOutboxMessage, 'payload', row.payload),
        at,
        at,
      ]);
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
    const at = sqlValue(m, FeishuOutboxMessage, 'nextAttemptAt', now);
    const rows = await preparedRead(m, dueHeadsSql(limit), [at, at]);
    return rows.map((r) => hydrate(m, FeishuOutboxMessage, r));
  },

  /** Compare-and-set: leases a pending row whose lease is free or ran out; false when another relay has it. */
  async claim(m: EntityManager, claim: OutboxClaim, now: Date, leaseMs: number): Promise<boolean> {
    const until = sqlValue(m, FeishuOutboxMessage, 'leaseUntil', new Date(now.getTime() + leaseMs));
    const at = sqlValue(m, FeishuOutboxMessage, 'leaseUntil', now);
    return (await preparedWrite(m, CLAIM_SQL, [claim.leaseOwner, until, claim.id, at])) === 1;
  },

  async markSent(
    m: EntityManager,
    claim: OutboxClaim,
    at: Date,
    feishuMessageId: string | null,
  ): Promise<void> {
    await preparedWrite(m, MARK_SENT_SQL, [
      sqlValue(m, FeishuOutboxMessage, 'sentAt', at),
      feishuMessageId,
      claim.id,
      claim.leaseOwner,
    ]);
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
