import type { Clock } from '../clock.js';
import type { Logger } from '../log/logger.js';
import type { FeishuInbox } from './inbox.js';
import type { CardAnswer, ClaimJob, FeishuRouter, StartedClick } from './router.js';
import type { FeishuSender } from './send.js';
import { botToasts, type Locale } from './texts.js';

export type EventProcessorOptions = {
  /** A card callback's handler gets this long before the callback is answered with a "working on it" toast. */
  cardBudgetMs?: number;
  /** How long one run of an event may take before another worker may take it over. */
  leaseMs?: number;
  maxAttempts?: number;
  /** Events waiting this long without a worker are picked up by the sweep (e.g. after a crash). */
  strandedAfterMs?: number;
  /**
   * How long a finished event's id is kept. Longer than the request window (verify.ts), itself longer
   * than Feishu's redelivery span (15 s, 5 min, 1 h, 6 h ≈ 7.1 h): a replay whose id is purged is
   * then always outside the window.
   */
  retentionMs?: number;
  /** Events run at once in the background. */
  concurrency?: number;
  /**
   * Background work waits until no acknowledgement has been under way for this long: the gaps inside a
   * burst of deliveries are shorter, so the burst is answered before its work starts.
   */
  ackQuietMs?: number;
  /** Background work that has waited this long runs anyway, one event at a time, under acks that never pause. */
  maxHoldMs?: number;
};

const HANDLED = new Set(['im.message.receive_v1', 'application.bot.menu_v6', 'card.action.trigger']);

/**
 * Between the SDK's handlers and the router: store first (the event id is the de-duplication key), answer
 * at once, run afterwards. Messages and menu clicks are queued to run after the acknowledgement; a card
 * click runs at once but is answered within `cardBudgetMs` whatever it does; when it overruns, its
 * card is applied later with the callback's delayed-update token. A click may store a job in the inbox
 * (`claimJob`, e.g. Approve's decision): it is queued here once the click is answered and, like any
 * event, re-run by the sweep if this process stops before it is done.
 */
export class FeishuEventProcessor {
  private readonly o: Required<EventProcessorOptions>;
  /** Events to run here: accepted ones come claimed (with their payload), swept ones must be claimed. */
  private readonly queue: Queued[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private active = 0;
  /**
   * Acknowledgements being worked on (stored, and for a click answered). While there is one, and for
   * `ackQuietMs` after the last, no background event starts unless it has waited `maxHoldMs` (then one at
   * a time): a burst of deliveries is answered first, their work follows. Across processes too: the work
   * one server holds back is CPU and database the other server's acknowledgements get.
   */
  private acking = 0;
  /** When the last acknowledgement was answered (performance.now()). */
  private lastAckAt = -Infinity;
  private repump: { timer: NodeJS.Timeout; at: number } | undefined;
  private stopped = false;
  /** Events run but not yet marked done: written in one statement when the burst of acks is over. */
  private readonly eventsDone = new Set<string>();
  private doneFlush: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      inbox: FeishuInbox;
      router: FeishuRouter;
      sender: FeishuSender;
      clock: Clock;
      log: Logger;
      locale: Locale;
    },
    opts: EventProcessorOptions = {},
  ) {
    this.o = {
      cardBudgetMs: 2_000,
      leaseMs: 5 * 60_000,
      maxAttempts: 3,
      strandedAfterMs: 30_000,
      retentionMs: 24 * 3600_000, // wiring.ts checks it against the request window
      concurrency: 8,
      ackQuietMs: 20,
      maxHoldMs: 1_000,
      ...opts,
    };
  }

  /** Called by the SDK's handlers with the flattened event; its result is the HTTP/WS answer. */
  async accept(
    type: string,
    eventId: string | undefined,
    flat: Record<string, unknown>,
    source: 'http' | 'ws',
  ) {
    if (!eventId || !HANDLED.has(type)) return undefined;
    this.acking++;
    try {
      return await this.acknowledge(type, eventId, flat, source);
    } finally {
      this.acking--;
      this.lastAckAt = performance.now();
      if (this.acking === 0) this.pump();
    }
  }

  private async acknowledge(
    type: string,
    eventId: string,
    flat: Record<string, unknown>,
    source: 'http' | 'ws',
  ) {
    const isCard = type === 'card.action.trigger';
    const stored = withoutCredentials(flat);
    // A click's `token` is its delayed-update token: kept in memory for a late answer, never stored.
    const payload = isCard && typeof flat.token === 'string' ? { ...stored, token: flat.token } : stored;
    // Stored already claimed by this process, which runs it next: no second round trip to claim it.
    const until = this.deps.clock.now().getTime() + this.o.leaseMs;
    const recorded = this.deps.inbox.record({
      eventId,
      eventType: type,
      source,
      payload: stored,
      claimUntil: new Date(until),
    });
    // A click's first reads (the clicker's roles, the action's own) travel while it is being stored: one
    // round trip less before its answer. They write nothing; a redelivery's are dropped. They start after
    // the inbox has sent this turn's batch to the pool (its setImmediate was queued first): in a burst of
    // clicks, the write that acknowledges them goes before all their reads, not behind them.
    const early = isCard
      ? new Promise<StartedClick | undefined>((r) =>
          setImmediate(() => r(this.deps.router.startClick(eventId, payload))),
        )
      : undefined;
    const fresh = await recorded;
    if (!fresh) {
      this.deps.log.debug({ eventId, type }, 'duplicate Feishu event ignored');
      return isCard ? {} : undefined;
    }
    if (!isCard) {
      this.queue.push({ eventId, claimed: { type, payload, until }, queuedAt: performance.now() });
      this.pump();
      return undefined;
    }
    return this.answerInTime(eventId, type, payload, source, await early);
  }

  /** Re-runs events left pending or abandoned (call periodically); also purges old rows. */
  async sweep(): Promise<{ resumed: number; purged: number }> {
    const ids = await this.deps.inbox.stranded(this.o.strandedAfterMs, 50);
    const now = performance.now();
    for (const id of ids)
      if (!this.queue.some((q) => q.eventId === id)) this.queue.push({ eventId: id, queuedAt: now });
    this.pump();
    const purged = await this.deps.inbox.purge(this.o.retentionMs);
    return { resumed: ids.length, purged };
  }

  /** Resolves when every queued event has run (tests). */
  async idle(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight.size > 0) await Promise.race([...this.inFlight, tick()]);
  }

  /**
   * Starts nothing new and waits for what runs. Queued events stay in the inbox; the ones this process had
   * claimed are handed back (pending again), so another process's sweep takes them without waiting for
   * the claim to run out.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.repump?.timer);
    const handBack = this.queue.flatMap((q) => (q.claimed ? [q.eventId] : []));
    this.queue.length = 0;
    while (this.inFlight.size > 0) await Promise.race([...this.inFlight, tick()]);
    for (const id of handBack) await this.deps.inbox.release(id, 'handed back at shutdown', false);
  }

  private async answerInTime(
    eventId: string,
    type: string,
    payload: Record<string, unknown>,
    source: 'http' | 'ws',
    early: StartedClick | undefined,
  ): Promise<CardAnswer> {
    const work = this.run(eventId, type, payload, source, early);
    const late = Symbol('late');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<typeof late>(
      (r) => (timer = setTimeout(() => r(late), this.o.cardBudgetMs)),
    );
    const first = await Promise.race([work, deadline]);
    clearTimeout(timer);
    if (first !== late) return first ?? {};
    this.track(
      work.then((answer) => this.applyLate(answer, payload)),
      eventId,
    );
    return { toast: botToasts.processing(this.deps.locale) };
  }

  /** A click answered before its handler finished: its card goes out with the delayed-update token. */
  private async applyLate(answer: CardAnswer | undefined, payload: Record<string, unknown>): Promise<void> {
    const token = typeof payload.token === 'string' ? payload.token : undefined;
    if (answer?.card?.type === 'raw' && token)
      await this.deps.sender.updateCardByToken(token, answer.card.data);
  }

  /** How many background events may run now; while none may, a timer pumps again when one may. */
  private limit(): number {
    const head = this.queue[0];
    if (!head) return this.o.concurrency;
    const now = performance.now();
    const quietAt = this.acking > 0 ? Infinity : this.lastAckAt + this.o.ackQuietMs;
    if (now >= quietAt) return this.o.concurrency;
    const heldUntil = head.queuedAt + this.o.maxHoldMs;
    if (now >= heldUntil) return Math.min(1, this.o.concurrency);
    // While acks go on, the last one's end pumps again (accept); the held head's time is the timer's.
    const at = Math.min(quietAt, heldUntil);
    if (!this.stopped && (!this.repump || at < this.repump.at)) {
      clearTimeout(this.repump?.timer);
      const timer = setTimeout(
        () => {
          this.repump = undefined;
          this.pump();
        },
        Math.max(1, at - now),
      );
      this.repump = { timer, at };
    }
    return 0;
  }

  private pump(): void {
    const limit = this.limit();
    while (!this.stopped && this.active < limit && this.queue.length > 0) {
      const { eventId, claimed } = this.queue.shift()!;
      this.active++;
      this.track(
        (async () => {
          let job = claimed;
          // A claim that ran (nearly) out while queued is left to the sweep, which claims it anew.
          if (job && this.deps.clock.now().getTime() > job.until - this.o.leaseMs / 10) return;
          if (!job) {
            const row = await this.deps.inbox.claim(eventId, this.o.leaseMs);
            if (!row) return;
            if (row.attempts > this.o.maxAttempts) {
              await this.deps.inbox.release(eventId, row.lastError ?? 'too many attempts', true);
              if (!HANDLED.has(row.eventType))
                await this.deps.router
                  .handleJobGaveUp(eventId, row.eventType, row.payload)
                  .catch((err: unknown) =>
                    this.deps.log.error({ err, eventId }, 'telling a job gave up failed'),
                  );
              return;
            }
            job = { type: row.eventType, payload: row.payload, until: 0 };
          }
          const answer = await this.run(eventId, job.type, job.payload, 'http');
          await this.applyLate(answer, job.payload);
        })().finally(() => {
          this.active--;
          this.pump();
        }),
        eventId,
      );
    }
  }

  /**
   * Runs a claimed event; marks it done, or pending again for the sweep when it threw. A click's jobs
   * (claimJob) are queued once its handler has answered: they run after the answer has gone out.
   */
  private async run(
    eventId: string,
    type: string,
    payload: Record<string, unknown>,
    source: 'http' | 'ws',
    early?: StartedClick,
  ): Promise<CardAnswer | undefined> {
    try {
      let answer: CardAnswer | undefined;
      const router = this.deps.router;
      if (type === 'im.message.receive_v1') await router.handleMessage(eventId, payload);
      else if (type === 'application.bot.menu_v6') await router.handleMenu(eventId, payload);
      else if (type !== 'card.action.trigger') {
        const { token, ...stored } = payload;
        await router.handleJob(eventId, type, stored, typeof token === 'string' ? token : undefined);
      } else {
        const jobs: Queued[] = [];
        try {
          answer = await router.handleClick(eventId, payload, this.jobClaimer(payload, source, jobs), early);
        } finally {
          if (jobs.length > 0) {
            this.queue.push(...jobs);
            this.pump();
          }
        }
      }
      // A click is answered without waiting for this write, and events run together are marked done in
      // one statement once the acks of the burst are out (one commit, not one per event: each commit is a
      // disk flush that the next ack would wait behind). A crash before it re-runs the event, which its
      // stored effects make harmless: replies are keyed by event id, ledger writes by message id.
      this.eventsDone.add(eventId);
      this.flushDoneSoon();
      return answer;
    } catch (err) {
      this.deps.log.error({ err, eventId, type }, 'Feishu event failed');
      await this.deps.inbox.release(eventId, err instanceof Error ? err.message : String(err), false);
      return undefined;
    }
  }

  /**
   * A click's `claimJob`: stores the job in the inbox, claimed by this process (the insert is the claim:
   * of two clicks storing one key, one wins, in one process or across several). The winner's job is
   * queued after the click's answer, with the click's delayed-update token kept in memory only.
   */
  private jobClaimer(click: Record<string, unknown>, source: 'http' | 'ws', jobs: Queued[]): ClaimJob {
    return async (key, type, payload) => {
      const until = this.deps.clock.now().getTime() + this.o.leaseMs;
      // Alone: the other approver's click, maybe in another process, is storing the same key right now.
      const fresh = await this.deps.inbox.record(
        { eventId: key, eventType: type, source, payload, claimUntil: new Date(until) },
        { alone: true },
      );
      if (fresh) {
        const token = typeof click.token === 'string' ? { token: click.token } : {};
        jobs.push({
          eventId: key,
          claimed: { type, payload: { ...payload, ...token }, until },
          queuedAt: performance.now(),
        });
        return { fresh: true };
      }
      const row = await this.deps.inbox.get(key);
      return { fresh: false, status: row?.status ?? 'done', payload: row?.payload ?? {} };
    };
  }

  private flushDoneSoon(): void {
    if (this.doneFlush) return;
    const flush = (async () => {
      // Let the acks of this burst go first; their work (and this write) follows. Under acks that never
      // pause, it goes after about a second anyway, far within the lease that would re-run the events.
      for (let waited = 0; this.acking > 0 && !this.stopped && waited < DONE_WAIT_TICKS; waited++)
        await tick();
      while (this.eventsDone.size > 0) {
        const ids = [...this.eventsDone].slice(0, 200);
        for (const id of ids) this.eventsDone.delete(id);
        await this.deps.inbox.doneMany(ids);
      }
    })().finally(() => {
      this.doneFlush = undefined;
      if (this.eventsDone.size > 0) this.flushDoneSoon();
    });
    this.doneFlush = flush;
    this.track(flush, 'events-done');
  }

  private track(p: Promise<unknown>, eventId: string): void {
    const t: Promise<void> = p
      .then(() => undefined)
      .catch((err: unknown) => this.deps.log.error({ err, eventId }, 'Feishu event work failed'))
      .finally(() => this.inFlight.delete(t));
    this.inFlight.add(t);
  }
}

/**
 * The event as stored: a copy without the credentials the envelope carries. The SDK flattens the 2.0
 * envelope, so `token` is the verification token (`header.token`) of an event, or the delayed-update
 * token of a click; either would let a reader of the database (or of a backup) act as Feishu.
 */
export function withoutCredentials(flat: Record<string, unknown>): Record<string, unknown> {
  // A shallow copy (the parts without a token are shared with `flat`, which nothing changes afterwards),
  // not a deep one through JSON: the payload is serialized once, by the INSERT.
  const { token: _token, ...copy } = flat;
  const header = copy.header;
  if (typeof header === 'object' && header !== null && !Array.isArray(header)) {
    const { token: _headerToken, ...rest } = header as Record<string, unknown>;
    copy.header = rest;
  }
  return copy;
}

type Queued = {
  eventId: string;
  /** performance.now() when it was queued: how long it has been held back. */
  queuedAt: number;
  /** Accepted events and a click's jobs come claimed (with their payload); swept ones must be claimed. */
  claimed?: { type: string; payload: Record<string, unknown>; until: number };
};

const tick = () => new Promise<void>((r) => setTimeout(r, 5));
/** Ticks (5 ms each, more on a busy machine) done-marks wait at most for a burst of acks to end. */
const DONE_WAIT_TICKS = 200;
