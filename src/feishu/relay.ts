import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { Logger } from '../log/logger.js';
import { outboxRepo, type OutboxRow } from '../db/repos/outbox.js';
import { APP_WIDE_RATE_LIMIT_CODES, classifyFeishuError } from './errors.js';
import { sendOutboxMessage, type FeishuOutbox } from './outbox.js';
import { backoffDelay, SendPace } from './relayPace.js';
import type { FeishuSender } from './send.js';
import { observeOutboxDelivery } from '../metrics/registry.js';
import { createRepos } from '../db/repos/index.js';
import { inTransaction, withReader, writeAlone } from '../db/repos/transaction.js';
import { watchRepo } from '../db/repos/watch.js';
import { alertCards, syncAlertDelivery } from '../services/watch/alerts.js';
import { runDeliveredHooks } from './urgent/delivered.js';

/** How far before a notice's card an alert it belongs to may have been written (same transaction: 0). */
const ALERT_LOOKBACK_MS = 10 * 60_000;

export type RelayOptions = {
  /** Rows fetched per pass (each is the oldest pending row of its order key). */
  batchSize?: number;
  /** Sends in flight at once, over different order keys. */
  concurrency?: number;
  /** How long a claimed row belongs to this relay; longer than one send with its timeout. */
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A message still undelivered after this long is marked failed. */
  maxAgeMs?: number;
  pollIntervalMs?: number;
  /** Feishu allows 5 messages/s per chat or user: at most one send per order key per interval. */
  perKeyIntervalMs?: number;
  /** Under Feishu's 50/s and 1000/min per app. */
  appPerSecond?: number;
  appPerMinute?: number;
  random?: () => number;
};

/**
 * `waiting`: due rows held back this pass by the per-chat or per-app pace. `heldMs`: the app's budget
 * had no send left (this minute's or second's used up, or a pause after a refusal), so nothing was read;
 * a send may go in that many ms.
 */
export type RelayPass = { sent: number; retried: number; failed: number; waiting: number; heldMs?: number };

/**
 * Delivers the outbox. Per order key only the oldest pending row is eligible, so a chat's messages
 * arrive in order and one waiting on a retry holds back the later ones. A row is claimed with a
 * compare-and-set lease (two relays never send it at once) and sent with its uuid (Feishu drops a
 * repeat, e.g. after a lost response). 5xx, network errors and frequency control are retried with
 * exponential backoff and jitter; other errors (bot not in chat, bad receive id…) fail the row with
 * Feishu's code and message.
 */
export class OutboxRelay {
  private readonly o: Required<RelayOptions>;
  private readonly owner = `relay-${randomUUID().slice(0, 8)}`;
  private readonly pace: SendPace;
  private readonly repos = createRepos();
  private running = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private kicked = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly deps: {
      db: DataSource;
      clock: Clock;
      log: Logger;
      sender: FeishuSender;
      outbox: FeishuOutbox;
    },
    opts: RelayOptions = {},
  ) {
    this.o = {
      batchSize: 50,
      concurrency: 4,
      leaseMs: 60_000,
      backoffBaseMs: 1_000,
      backoffMaxMs: 60_000,
      maxAgeMs: 24 * 3600_000,
      pollIntervalMs: 1_000,
      perKeyIntervalMs: 200,
      appPerSecond: 40,
      appPerMinute: 900,
      random: Math.random,
      ...opts,
    };
    this.pace = new SendPace(this.o);
  }

  /** One pass over the due rows; tests drive the relay with it on a virtual clock. */
  async runOnce(): Promise<RelayPass> {
    const pass: RelayPass = { sent: 0, retried: 0, failed: 0, waiting: 0 };
    const now = this.deps.clock.now();
    const held = this.pace.appWaitMs(now.getTime());
    if (held > 0) return { ...pass, heldMs: held };
    const due = await this.dueHeads(now);
    const heads = due.filter((r) => this.pace.keyReady(r.orderKey, now.getTime()));
    pass.waiting = due.length - heads.length;
    let next = 0;
    const worker = async () => {
      while (next < heads.length && this.pace.takeApp(this.deps.clock.now().getTime())) {
        const row = heads[next++]!;
        const outcome = await this.deliver(row);
        if (outcome) pass[outcome]++;
        if (outcome === 'sent' || outcome === 'retried' || outcome === 'failed')
          observeOutboxDelivery(outcome);
      }
    };
    await Promise.all(Array.from({ length: this.o.concurrency }, worker));
    pass.waiting += heads.length - next;
    return pass;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.deps.outbox.onNotify(() => {
      this.kicked = true;
      this.wake?.();
    });
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let busy = false;
      let held: number | undefined;
      try {
        const p = await this.runOnce();
        busy = p.sent + p.retried + p.failed + p.waiting > 0;
        held = p.heldMs;
      } catch (err) {
        this.deps.log.error({ err }, 'outbox relay pass failed');
      }
      if (!this.running) break;
      if (this.kicked) continue;
      await new Promise<void>((resolve) => {
        // Held by the app's budget: until a send may go, but no sooner than the chat's spacing (under the
        // per-second budget a slot frees every few ms, and a pass for each would read the due rows for one
        // send). A new message wakes the loop, which is held again without a read. Otherwise the chat's
        // spacing while rows wait, or the poll interval.
        const wait =
          held !== undefined
            ? Math.max(held, this.o.perKeyIntervalMs)
            : busy
              ? this.o.perKeyIntervalMs
              : this.o.pollIntervalMs;
        const t = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private dueHeads(now: Date): Promise<OutboxRow[]> {
    return withReader(this.deps.db, (m) => outboxRepo.dueHeads(m, now, this.o.batchSize));
  }

  /**
   * A notice's card has reached its end (sent or failed): the alert it belongs to is delivered (or
   * failed) now, not at the next check — the history and the API must not say "pending" once the card
   * is in the chat. Only notices (dedupe key "n:…") can belong to an alert; a failure here is logged and
   * left to the watch's own settling at its next cycle.
   */
  private async settleAlerts(row: OutboxRow): Promise<void> {
    if (!row.dedupeKey?.startsWith('n:')) return;
    const since = new Date(row.createdAt.getTime() - ALERT_LOOKBACK_MS);
    try {
      // Most notices belong to no alert (request cards, outcomes): one plain read tells, and a
      // transaction is opened only when a pending alert lists this card.
      const pending = await withReader(this.deps.db, (m) => watchRepo.pendingAlerts(m, since));
      if (!pending.some((a) => alertCards(a.details).includes(row.uuid))) return;
      await inTransaction(this.deps.db, (tx) =>
        syncAlertDelivery({ repos: this.repos, clock: this.deps.clock }, tx, since),
      );
    } catch (err) {
      this.deps.log.warn(
        { err, uuid: row.uuid },
        'alert delivery not settled after its card; the next check will',
      );
    }
  }

  private async deliver(row: OutboxRow): Promise<keyof RelayPass | undefined> {
    const { db, clock, log } = this.deps;
    const now = clock.now();
    const mine = { id: row.id, leaseOwner: this.owner };
    // Each of the row's marks is written on its own (writeAlone): on SQLite's one connection it would
    // otherwise join whatever transaction of this process is open, and go if that one rolls back.
    if (!(await writeAlone(db, (m) => outboxRepo.claim(m, mine, now, this.o.leaseMs)))) return undefined;
    this.pace.noteSent(row.orderKey, now.getTime());
    const attempts = row.attempts + 1;
    try {
      const sent = await sendOutboxMessage(this.deps.sender, row.payload, row.uuid);
      await writeAlone(db, (m) => outboxRepo.markSent(m, mine, clock.now(), sent?.messageId ?? null));
      await this.settleAlerts(row);
      // Follow-ups registered for delivered messages (e.g. urgent alerts); they never fail the row.
      for (const err of await runDeliveredHooks(this.deps.outbox, row, sent?.messageId ?? null))
        log.warn({ uuid: row.uuid, err: String(err) }, 'delivered-message hook failed');
      return 'sent';
    } catch (err) {
      const e = classifyFeishuError(err);
      const at = clock.now();
      const tooOld = at.getTime() - row.createdAt.getTime() > this.o.maxAgeMs;
      if (e.kind === 'permanent' || tooOld) {
        const reason =
          (tooOld && e.kind !== 'permanent' ? `gave up after ${attempts} attempts: ` : '') + e.reason;
        log.warn({ uuid: row.uuid, kind: row.kind, reason }, 'outbox message failed');
        await writeAlone(db, (m) => outboxRepo.markFailed(m, mine, reason));
        await this.settleAlerts(row);
        return 'failed';
      }
      const delay = backoffDelay(attempts, this.o.backoffBaseMs, this.o.backoffMaxMs, this.o.random);
      if (
        e.kind === 'rate_limit' &&
        e.feishuCode !== undefined &&
        APP_WIDE_RATE_LIMIT_CODES.has(e.feishuCode)
      )
        this.pace.pauseApp(at.getTime() + delay);
      log.debug({ uuid: row.uuid, attempts, reason: e.reason, delay }, 'outbox message will be retried');
      await writeAlone(db, (m) => outboxRepo.retryAt(m, mine, new Date(at.getTime() + delay), e.reason));
      return 'retried';
    }
  }
}
