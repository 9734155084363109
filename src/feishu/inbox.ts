import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { FeishuInboxEvent } from '../db/entities/feishuInboxEvent.js';
import { inboxRepo } from '../db/repos/inbox.js';

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

  /** false: the event was seen before (a redelivery), nothing to do. */
  async record(e: {
    eventId: string;
    eventType: string;
    source: 'http' | 'ws';
    payload: Record<string, unknown>;
    /** Inserted already claimed by the caller until then (it runs the event itself). */
    claimUntil?: Date;
  }): Promise<boolean> {
    return inboxRepo.insertOnce(this.db.manager, { ...e, receivedAt: this.clock.now() });
  }

  /** Takes a pending event, or one whose previous worker's lease ran out. */
  async claim(eventId: string, leaseMs: number): Promise<FeishuInboxEvent | undefined> {
    return inboxRepo.claim(this.db.manager, eventId, this.clock.now(), leaseMs);
  }

  async done(eventId: string): Promise<void> {
    await inboxRepo.markDone(this.db.manager, eventId, this.clock.now());
  }

  async doneMany(eventIds: readonly string[]): Promise<void> {
    await inboxRepo.markDoneMany(this.db.manager, eventIds, this.clock.now());
  }

  /** Back to pending for another attempt, or failed for good. */
  async release(eventId: string, error: string, final: boolean): Promise<void> {
    await inboxRepo.release(this.db.manager, eventId, error, final);
  }

  /** Events left behind: pending for longer than `graceMs`, or processing with an expired lease. */
  async stranded(graceMs: number, limit: number): Promise<string[]> {
    const now = this.clock.now();
    return inboxRepo.stranded(this.db.manager, now, new Date(now.getTime() - graceMs), limit);
  }

  /** Deletes finished rows older than the retention window; returns how many. */
  async purge(retentionMs: number, batch = 500): Promise<number> {
    const before = new Date(this.clock.now().getTime() - retentionMs);
    return inboxRepo.purgeFinished(this.db.manager, before, batch);
  }

  async get(eventId: string): Promise<FeishuInboxEvent | null> {
    return inboxRepo.get(this.db.manager, eventId);
  }
}
