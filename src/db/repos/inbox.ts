import { Brackets, In, LessThan, type EntityManager } from 'typeorm';
import { FeishuInboxEvent } from '../entities/feishuInboxEvent.js';
import { isUniqueViolation } from './errors.js';
import { findWhere } from '../prepared.js';

export type NewInboxEvent = {
  eventId: string;
  eventType: string;
  source: 'http' | 'ws';
  payload: Record<string, unknown>;
  receivedAt: Date;
  /** Inserted already claimed until then (the caller runs the event itself). */
  claimUntil?: Date;
  /** `payload` as JSON, when the caller has it already. */
  payloadJson?: string;
};

const repo = (m: EntityManager) => m.getRepository(FeishuInboxEvent);

/**
 * The received Feishu events (see the entity). The event id is the primary key, so of two deliveries of
 * one event — in one process or in two sharing the database — exactly one insert wins; a claim is a
 * compare-and-set on the row, so one worker at a time runs an event.
 */
export const inboxRepo = {
  /** false: a row with this event id exists already (a redelivery). */
  async insertOnce(m: EntityManager, e: NewInboxEvent): Promise<boolean> {
    try {
      // The hot path of every acknowledgement: one plain INSERT, no query builder.
      await m.query(`${INSERT_COLUMNS} ${ROW_PLACEHOLDERS}`, rowValues(e));
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  },

  /**
   * Several events in one statement (acknowledgements arriving together share one round trip and one
   * commit). All or nothing: the statement fails as a whole when any id exists already (or twice in the
   * batch), and then no row of it is written; the caller tells them apart with insertOnce.
   */
  async insertAll(m: EntityManager, events: readonly NewInboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    await m.query(
      `${INSERT_COLUMNS} ${events.map(() => ROW_PLACEHOLDERS).join(', ')}`,
      events.flatMap(rowValues),
    );
  },

  /** Leases a pending event, or one whose previous worker's lease ran out; undefined when it is taken. */
  async claim(
    m: EntityManager,
    eventId: string,
    now: Date,
    leaseMs: number,
  ): Promise<FeishuInboxEvent | undefined> {
    const res = await repo(m)
      .createQueryBuilder()
      .update()
      .set({
        status: 'processing',
        leaseUntil: new Date(now.getTime() + leaseMs),
        attempts: () => 'attempts + 1',
      })
      .where('event_id = :eventId', { eventId })
      .andWhere(
        new Brackets((b) =>
          b.where("status = 'pending'").orWhere("status = 'processing' AND lease_until < :now", { now }),
        ),
      )
      .execute();
    if (res.affected !== 1) return undefined;
    return (await repo(m).findOne({ where: { eventId } })) ?? undefined;
  },

  async markDone(m: EntityManager, eventId: string, at: Date): Promise<void> {
    await m.query(
      "UPDATE feishu_inbox_events SET status = 'done', processed_at = ?, lease_until = NULL WHERE event_id = ?",
      [dbTime(at), eventId],
    );
  },

  /** Several events done at once: one statement and one commit for a batch of answered clicks. */
  async markDoneMany(m: EntityManager, eventIds: readonly string[], at: Date): Promise<void> {
    if (eventIds.length === 0) return;
    await m.query(
      `UPDATE feishu_inbox_events SET status = 'done', processed_at = ?, lease_until = NULL WHERE event_id IN (${eventIds.map(() => '?').join(', ')})`,
      [dbTime(at), ...eventIds],
    );
  },

  /** Back to pending for another attempt, or failed for good. */
  async release(m: EntityManager, eventId: string, error: string, final: boolean): Promise<void> {
    await repo(m).update(
      { eventId },
      { status: final ? 'failed' : 'pending', leaseUntil: null, lastError: error.slice(0, 1000) },
    );
  },

  /** Pending since before `pendingBefore`, or processing with a lease that ran out by `now`; oldest first. */
  async stranded(m: EntityManager, now: Date, pendingBefore: Date, limit: number): Promise<string[]> {
    const rows = await repo(m)
      .createQueryBuilder('e')
      .select('e.event_id', 'eventId')
      .where("e.status = 'pending' AND e.received_at < :before", { before: pendingBefore })
      .orWhere("e.status = 'processing' AND e.lease_until < :now", { now })
      .orderBy('e.received_at', 'ASC')
      .limit(limit)
      .getRawMany<{ eventId: string }>();
    return rows.map((r) => r.eventId);
  },

  /** Deletes up to `batch` finished rows received before `before`; returns how many. */
  async purgeFinished(m: EntityManager, before: Date, batch: number): Promise<number> {
    const old = await repo(m).find({
      select: { eventId: true },
      where: { receivedAt: LessThan(before), status: In(['done', 'failed']) },
      take: batch,
    });
    if (old.length === 0) return 0;
    await repo(m).delete({ eventId: In(old.map((r) => r.eventId)) });
    return old.length;
  },

  /** By primary key, prepared (prepared.ts): the second approver's click reads the first one's claim. */
  async get(m: EntityManager, eventId: string): Promise<FeishuInboxEvent | null> {
    return (await findWhere(m, FeishuInboxEvent, { eventId }, { limit: 1 }))[0] ?? null;
  },
};

const INSERT_COLUMNS =
  'INSERT INTO feishu_inbox_events (event_id, event_type, source, status, payload, attempts, lease_until, received_at) VALUES';
const ROW_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, ?)';

function rowValues(e: NewInboxEvent): unknown[] {
  return [
    e.eventId,
    e.eventType,
    e.source,
    e.claimUntil ? 'processing' : 'pending',
    e.payloadJson ?? JSON.stringify(e.payload),
    e.claimUntil ? 1 : 0,
    e.claimUntil ? dbTime(e.claimUntil) : null,
    dbTime(e.receivedAt),
  ];
}

/** A UTC time as both databases store DATETIME(3) here: 'YYYY-MM-DD HH:MM:SS.SSS'. */
function dbTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}
