import { Brackets, LessThan, In, type DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import { FeishuInboxEvent } from '../db/entities/feishuInboxEvent.js';
import { isUniqueViolation } from './dbErrors.js';

/**
 * The durable inbox. `record` is the de-duplication: the event id is the primary key, so of two
 * deliveries of one event — in one process or in two sharing the database — exactly one insert wins.
 * `claim` is a compare-and-set on the row, so one worker at a time runs an event.
 */
export class FeishuInbox {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.db.getRepository(FeishuInboxEvent);
  }

  /** false: the event was seen before (a redelivery), nothing to do. */
  async record(e: {
    eventId: string;
    eventType: string;
    source: 'http' | 'ws';
    payload: Record<string, unknown>;
    /** Inserted already claimed by the caller until then (it runs the event itself). */
    claimUntil?: Date;
  }): Promise<boolean> {
    const now = this.clock.now();
    try {
      // The hot path of every acknowledgement: one plain INSERT, no query builder.
      await this.db.query(
        'INSERT INTO feishu_inbox_events (event_id, event_type, source, status, payload, attempts, lease_until, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [
          e.eventId,
          e.eventType,
          e.source,
          e.claimUntil ? 'processing' : 'pending',
          JSON.stringify(e.payload),
          e.claimUntil ? 1 : 0,
          e.claimUntil ? dbTime(e.claimUntil) : null,
          dbTime(now),
        ],
      );
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Takes a pending event, or one whose previous worker's lease ran out. */
  async claim(eventId: string, leaseMs: number): Promise<FeishuInboxEvent | undefined> {
    const now = this.clock.now();
    const res = await this.repo
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
    return (await this.repo.findOne({ where: { eventId } })) ?? undefined;
  }

  async done(eventId: string): Promise<void> {
    await this.db.query(
      "UPDATE feishu_inbox_events SET status = 'done', processed_at = ?, lease_until = NULL WHERE event_id = ?",
      [dbTime(this.clock.now()), eventId],
    );
  }

  /** Back to pending for another attempt, or failed for good. */
  async release(eventId: string, error: string, final: boolean): Promise<void> {
    await this.repo.update(
      { eventId },
      { status: final ? 'failed' : 'pending', leaseUntil: null, lastError: error.slice(0, 1000) },
    );
  }

  /** Events left behind: pending for longer than `graceMs`, or processing with an expired lease. */
  async stranded(graceMs: number, limit: number): Promise<string[]> {
    const now = this.clock.now();
    const rows = await this.repo
      .createQueryBuilder('e')
      .select('e.event_id', 'eventId')
      .where("e.status = 'pending' AND e.received_at < :before", {
        before: new Date(now.getTime() - graceMs),
      })
      .orWhere("e.status = 'processing' AND e.lease_until < :now", { now })
      .orderBy('e.received_at', 'ASC')
      .limit(limit)
      .getRawMany<{ eventId: string }>();
    return rows.map((r) => r.eventId);
  }

  /** Deletes finished rows older than the retention window; returns how many. */
  async purge(retentionMs: number, batch = 500): Promise<number> {
    const before = new Date(this.clock.now().getTime() - retentionMs);
    const old = await this.repo.find({
      select: { eventId: true },
      where: { receivedAt: LessThan(before), status: In(['done', 'failed']) },
      take: batch,
    });
    if (old.length === 0) return 0;
    await this.repo.delete({ eventId: In(old.map((r) => r.eventId)) });
    return old.length;
  }

  async get(eventId: string): Promise<FeishuInboxEvent | null> {
    return this.repo.findOne({ where: { eventId } });
  }
}

/** A UTC time as both databases store DATETIME(3) here: 'YYYY-MM-DD HH:MM:SS.SSS'. */
function dbTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}
