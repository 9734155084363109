import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/dataSource.js';
import { FeishuEventProcessor } from '../../src/feishu/eventProcessor.js';
import { FeishuInbox } from '../../src/feishu/inbox.js';
import { FeishuRouter } from '../../src/feishu/router.js';
import type { FeishuOutbox } from '../../src/feishu/outbox.js';
import type { FeishuSender } from '../../src/feishu/send.js';
import { createLogger } from '../../src/log/logger.js';
import { waitFor } from '../bot/support/chat.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';

const message = (id: string) => ({
  event_id: id,
  sender: { sender_id: { open_id: 'ou_user0000000000000000000000000001' }, sender_type: 'user' },
  message: { message_id: `om_${id}`, chat_type: 'p2p', message_type: 'text', content: '{"text":"ping"}' },
});

/** The real inbox, except that storing one chosen event waits until the test lets it go on. */
class GatedInbox extends FeishuInbox {
  gated = '';
  open: () => void = () => {};
  private readonly gate = new Promise<void>((r) => (this.open = r));
  override async record(...[e, opts]: Parameters<FeishuInbox['record']>): Promise<boolean> {
    if (e.eventId === this.gated) await this.gate;
    return super.record(e, opts);
  }
}

describe.each(dbKinds())('acknowledgements before background work on %s', (kind) => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ds = createDataSource(db.config);
    await ds.initialize();
    await ds.runMigrations();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('starts no queued message while another delivery is still being acknowledged, then all of them once the acks pause', async () => {
    const clock = { now: () => new Date() };
    const inbox = new GatedInbox(ds, clock);
    const started: string[] = [];
    let finish: () => void = () => {};
    const finished = new Promise<void>((r) => (finish = r));
    const router = {
      handleMessage: async (eventId: string) => {
        started.push(eventId);
        await finished;
      },
    } as unknown as FeishuRouter;
    const processor = new FeishuEventProcessor(
      { inbox, router, sender: {} as FeishuSender, clock, log: createLogger('silent'), locale: 'en' },
      // A hold longer than the test: only the pause of the acks lets the work start.
      { concurrency: 8, ackQuietMs: 30, maxHoldMs: 600_000 },
    );
    const prefix = `${kind}-${Date.now()}`;
    inbox.gated = `${prefix}-slow`;
    // A delivery whose acknowledgement is still under way (its row not yet stored)…
    const slow = processor.accept('im.message.receive_v1', inbox.gated, message(inbox.gated), 'http');
    // …while four others are acknowledged: their work waits, all of it.
    for (let i = 0; i < 4; i++) {
      const id = `${prefix}-${i}`;
      await processor.accept('im.message.receive_v1', id, message(id), 'http');
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(started).toEqual([]);

    inbox.open();
    await slow;
    // Nothing left to acknowledge: once the acks have paused, everything queued runs, up to the concurrency.
    await waitFor('the queued work to start', () => started.length === 5);
    expect([...started].sort()).toEqual(
      [0, 1, 2, 3]
        .map((i) => `${prefix}-${i}`)
        .concat(inbox.gated)
        .sort(),
    );
    finish();
    await processor.idle();
    const rows = await ds.query(
      `SELECT COUNT(*) AS n FROM feishu_inbox_events WHERE status = 'done' AND event_id LIKE '${prefix}%'`,
    );
    expect(Number(rows[0].n)).toBe(5);
  });

  it('runs work held past maxHoldMs under acks that never pause, one event at a time', async () => {
    const clock = { now: () => new Date() };
    const inbox = new GatedInbox(ds, clock);
    const started: string[] = [];
    const finishers: Array<() => void> = [];
    const router = {
      handleMessage: async (eventId: string) => {
        started.push(eventId);
        await new Promise<void>((r) => finishers.push(r));
      },
    } as unknown as FeishuRouter;
    const processor = new FeishuEventProcessor(
      { inbox, router, sender: {} as FeishuSender, clock, log: createLogger('silent'), locale: 'en' },
      { concurrency: 8, ackQuietMs: 30, maxHoldMs: 200 },
    );
    const prefix = `${kind}-held-${Date.now()}`;
    inbox.gated = `${prefix}-slow`;
    // An acknowledgement that does not end while the test runs: the acks never pause.
    const slow = processor.accept('im.message.receive_v1', inbox.gated, message(inbox.gated), 'http');
    const ids = [0, 1, 2].map((i) => `${prefix}-${i}`);
    for (const id of ids) await processor.accept('im.message.receive_v1', id, message(id), 'http');
    // Held, then the oldest runs; the next only once it is done (one at a time), and so on.
    for (const [i, id] of ids.entries()) {
      await waitFor(`${id} to start`, () => started.length === i + 1);
      expect(started).toEqual(ids.slice(0, i + 1));
      await new Promise((r) => setTimeout(r, 50));
      expect(started).toHaveLength(i + 1);
      finishers[i]!();
    }
    inbox.open();
    await slow;
    await waitFor('the last delivery to start', () => started.length === 4);
    finishers[3]!();
    await processor.idle();
  });

  it('answers clicks at once and marks them done together after the burst of acknowledgements, before the held message runs', async () => {
    const clock = { now: () => new Date() };
    const inbox = new GatedInbox(ds, clock);
    const batches: number[] = [];
    const doneMany = inbox.doneMany.bind(inbox);
    inbox.doneMany = async (ids) => {
      batches.push(ids.length);
      await doneMany(ids);
    };
    const router = {
      handleMessage: async () => {},
      startClick: () => undefined,
      handleClick: async () => ({ toast: { type: 'success', content: 'ok' } }),
    } as unknown as FeishuRouter;
    const processor = new FeishuEventProcessor(
      { inbox, router, sender: {} as FeishuSender, clock, log: createLogger('silent'), locale: 'en' },
      { concurrency: 8 },
    );
    const prefix = `${kind}-click-${Date.now()}`;
    inbox.gated = `${prefix}-slow`;
    const slow = processor.accept('im.message.receive_v1', inbox.gated, message(inbox.gated), 'http');
    const status = async () =>
      (await ds.query(
        `SELECT status FROM feishu_inbox_events WHERE event_id LIKE '${prefix}-c%' ORDER BY event_id`,
      )) as Array<{ status: string }>;
    for (let i = 0; i < 5; i++) {
      const id = `${prefix}-c${i}`;
      const answer = await processor.accept('card.action.trigger', id, { event_id: id, action: {} }, 'http');
      expect(answer).toMatchObject({ toast: { content: 'ok' } });
    }
    // Answered, but not yet written done: the other delivery is still being acknowledged.
    expect((await status()).map((r) => r.status)).not.toContain('done');
    inbox.open();
    await slow;
    await processor.idle();
    expect((await status()).map((r) => r.status)).toEqual(Array(5).fill('done'));
    // One statement for the five clicks once the burst is over; the message, held until then, in its own.
    expect(batches).toEqual([5, 1]);
  });

  it('sends a click’s first reads while the click is still being stored, and runs its action once it is, with them', async () => {
    const clock = { now: () => new Date() };
    const inbox = new GatedInbox(ds, clock);
    const started: string[] = [];
    const ran: unknown[] = [];
    const router = new FeishuRouter({
      db: ds,
      outbox: {} as FeishuOutbox,
      log: createLogger('silent'),
      locale: 'en',
    }).action({
      id: 'test.read',
      start: (click) => {
        started.push(click.eventId);
        return `read for ${click.eventId}`;
      },
      run: async (ctx) => {
        ran.push(ctx.started);
        return { toast: { type: 'success', content: 'ok' } };
      },
    });
    const processor = new FeishuEventProcessor(
      { inbox, router, sender: {} as FeishuSender, clock, log: createLogger('silent'), locale: 'en' },
      { concurrency: 8 },
    );
    const id = `${kind}-read-${Date.now()}`;
    const clickOf = (eventId: string) => ({
      event_id: eventId,
      operator: { open_id: 'ou_user0000000000000000000000000001' },
      action: { value: { a: 'test.read' }, tag: 'button' },
      context: { open_message_id: 'om_card', open_chat_id: 'oc_chat' },
    });
    inbox.gated = id;
    const answer = processor.accept('card.action.trigger', id, clickOf(id), 'http');
    // The click's row is not stored yet: its reads are out, its action has not run.
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toEqual([id]);
    expect(ran).toEqual([]);
    inbox.open();
    expect(await answer).toMatchObject({ toast: { content: 'ok' } });
    expect(ran).toEqual([`read for ${id}`]);
    // The same click delivered again: its reads may go out, its action does not run a second time.
    expect(await processor.accept('card.action.trigger', id, clickOf(id), 'http')).toEqual({});
    expect(ran).toHaveLength(1);
    await processor.idle();
  });
});
