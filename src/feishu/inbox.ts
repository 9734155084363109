import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { FeishuInboxEvent } from '../db/entities/feishuInboxEvent.js';
import { inboxRepo, type NewInboxEvent } from '../db/repos/inbox.js';
import { withReader, writeAlone } from '../db/repos/transaction.js';

/** Rows of one batched INSERT at most, and their payloads' bytes (far below MariaDB's max_allowed_packet). */
const BATCH_ROWS = 100;
const BATCH_BYTES = 1024 * 1024;
/** Batched INSERTs in flight at once; further events wait for one of them and go in the next. */
const BATCHES_IN_FLIGHT = 2;

type Waiting = {
  row: NewInboxEvent;
  bytes: number;
  settle: (fresh: boolean) => void;
  fail: (err: unknown) => void;
};

/**
 * The durable inbox. `record` is the de-duplication: the event id is the primary key, so of two
 * deliveries of one event — in one process or in two sharing the database — exactly one insert wins.
 * `claim` is a compare-and-set on the row, so one worker at a time runs an event.
 *
 * Deliveries arriving together are stored together: one multi-row INSERT (one round trip, one commit)
 * instead of one per delivery, so a burst of acknowledgements does not queue for the connection pool. Each
 * caller still gets its own answer only once its row is committed. When the batch fails (an id stored
 * before, the same id twice in the batch, any other error) nothing of it was written, and each row is
 * inserted on its own, so a redelivery is told apart and one bad row fails only its own request.
 */
export class FeishuInbox {
  private readonly waiting: Waiting[] = [];
  private batches = 0;
  private scheduled = false;
  /** Ids being recorded by this process: a second record of one waits for the first instead of racing it. */
  private readonly recording = new Map<string, Promise<boolean>>();

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * false: the event was seen before (a redelivery), nothing to do.
   *
   * `alone`: for a key other processes are likely to be storing at the same moment (a click's job, which
   * both approvers' clicks claim). It is inserted on its own: in a batch, the other process's row would
   * fail the whole batch, and every delivery of it would wait for a second insert of its own.
   */
  async record(
    e: {
      eventId: string;
      eventType: string;
      source: 'http' | 'ws';
      payload: Record<string, unknown>;
      /** Inserted already claimed by the caller until then (it runs the event itself). */
      claimUntil?: Date;
    },
    opts: { alone?: boolean } = {},
  ): Promise<boolean> {
    // The same id being recorded here already (two clicks claiming one job, a redelivery arriving with the
    // first delivery): this one is the duplicate once the first is stored, without a round trip of its
    // own, and not in the first one's batch, which it would fail. If the first fails, it tries alone.
    const earlier = this.recording.get(e.eventId);
    if (earlier)
      return earlier.then(
        () => false,
        () => this.record(e, { alone: true }),
      );
    const payloadJson = JSON.stringify(e.payload);
    const row: NewInboxEvent = { ...e, payloadJson, receivedAt: this.clock.now() };
    const stored = opts.alone
      ? writeAlone(this.db, (m) => inboxRepo.insertOnce(m, row))
      : new Promise<boolean>((settle, fail) => {
          this.waiting.push({ row, bytes: Buffer.byteLength(payloadJson), settle, fail });
          this.schedule();
        });
    this.recording.set(e.eventId, stored);
    const forget = () => {
      if (this.recording.get(e.eventId) === stored) this.recording.delete(e.eventId);
    };
    stored.then(forget, forget);
    return stored;
  }

  /** Writes what waits once this turn of the event loop has read every request that arrived with it. */
  private schedule(): void {
    if (this.scheduled || this.batches >= BATCHES_IN_FLIGHT) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.waiting.length > 0 && this.batches < BATCHES_IN_FLIGHT) {
        this.batches++;
        void this.write(this.nextBatch()).finally(() => {
          this.batches--;
          if (this.waiting.length > 0) this.schedule();
        });
      }
    });
  }

  private nextBatch(): Waiting[] {
    let bytes = 0;
    let n = 0;
    while (
      n < this.waiting.length &&
      n < BATCH_ROWS &&
      (n === 0 || bytes + this.waiting[n]!.bytes <= BATCH_BYTES)
    )
      bytes += this.waiting[n++]!.bytes;
    return this.waiting.splice(0, n);
  }

  private async write(batch: Waiting[]): Promise<void> {
    if (batch.length > 1) {
      try {
        await writeAlone(this.db, (m) =>
          inboxRepo.insertAll(
            m,
            batch.map((w) => w.row),
          ),
        );
        for (const w of batch) w.settle(true);
        return;
      } catch {
        // Nothing of the batch was written: each row on its own tells which one failed, and why.
      }
    }
    await Promise.all(
      batch.map((w) => writeAlone(this.db, (m) => inboxRepo.insertOnce(m, w.row)).then(w.settle, w.fail)),
    );
  }

  /** Takes a pending event, or one whose previous worker's lease ran out. */
  async claim(eventId: string, leaseMs: number): Promise<FeishuInboxEvent | undefined> {
    return writeAlone(this.db, (m) => inboxRepo.claim(m, eventId, this.clock.now(), leaseMs));
  }

  async done(eventId: string): Promise<void> {
    await writeAlone(this.db, (m) => inboxRepo.markDone(m, eventId, this.clock.now()));
  }

  async doneMany(eventIds: readonly string[]): Promise<void> {
    await writeAlone(this.db, (m) => inboxRepo.markDoneMany(m, eventIds, this.clock.now()));
  }

  /** Back to pending for another attempt, or failed for good. */
  async release(eventId: string, error: string, final: boolean): Promise<void> {
    await writeAlone(this.db, (m) => inboxRepo.release(m, eventId, error, final));
  }

  /** Events left behind: pending for longer than `graceMs`, or processing with an expired lease. */
  async stranded(graceMs: number, limit: number): Promise<string[]> {
    const now = this.clock.now();
    return withReader(this.db, (m) => inboxRepo.stranded(m, now, new Date(now.getTime() - graceMs), limit));
  }

  /** Deletes finished rows older than the retention window; returns how many. */
  async purge(retentionMs: number, batch = 500): Promise<number> {
    const before = new Date(this.clock.now().getTime() - retentionMs);
    return writeAlone(this.db, (m) => inboxRepo.purgeFinished(m, before, batch));
  }

  async get(eventId: string): Promise<FeishuInboxEvent | null> {
    return withReader(this.db, (m) => inboxRepo.get(m, eventId));
  }
}
