import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FeishuOutboxMessage } from '../../src/db/entities/feishuOutboxMessage.js';
import type { OutboxMessage } from '../../src/feishu/outbox.js';
import { inTransaction } from '../../src/db/repos/transaction.js';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { eventually, simClock, startAirGate, testApp, type AirGate } from './support/harness.js';

const U1 = 'ou_user0000000000000000000000000001';
const U2 = 'ou_user0000000000000000000000000002';
const CHATS = [
  'oc_chat0000000000000000000000000001',
  'oc_chat0000000000000000000000000002',
  'oc_chat0000000000000000000000000003',
];
const OUTSIDE = 'oc_chat_without_the_bot_000000000009';
const MIN = 60_000;

const text = (chatId: string, text: string): OutboxMessage => ({
  kind: 'send',
  receiveIdType: 'chat_id',
  receiveId: chatId,
  body: { text },
});

describe.each(dbKinds())('the outbox on %s', (kind) => {
  let db: TestDatabase;
  let sim: FeishuSim;
  let airgate: AirGate;
  const extra: AirGate[] = [];

  async function enqueue(messages: OutboxMessage[], into = airgate) {
    // One transaction per message, as each would come from its own state change.
    for (const m of messages) await into.db.transaction((tx) => into.outbox.enqueue(tx, m));
  }
  const texts = (chatId: string) => sim.messages({ chatId }).map((m) => m.text);

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sim = await startFeishuSim({ app: testApp });
    sim.seedUsers([
      { openId: U1, name: 'One' },
      { openId: U2, name: 'Two' },
    ]);
    for (const chatId of CHATS) sim.seedChat({ chatId, name: chatId, type: 'group', members: [U1, U2] });
    sim.seedChat({ chatId: OUTSIDE, name: 'no bot', type: 'group', members: [U1], botIsMember: false });
    // Driven pass by pass on the simulator's clock: no background relay.
    airgate = await startAirGate({
      database: db.config,
      baseUrl: sim.url,
      clock: simClock(sim),
      start: false,
      feishu: { clientTimeoutMs: 500, relay: { backoffBaseMs: 1000, backoffMaxMs: MIN } },
    });
  });
  afterEach(async () => {
    sim.setFaults({ outageUntil: null, rateLimitStorm: false, latencyMs: 0 });
    await airgate.db.getRepository(FeishuOutboxMessage).clear();
  });
  afterAll(async () => {
    for (const x of extra) await x.close();
    await airgate?.close();
    await sim?.close();
    await db?.drop();
  });

  it('delivers every message once and in order per chat after a 10-minute outage and a rate-limit storm', async () => {
    const start = sim.now();
    sim.setFaults({ outageUntil: new Date(start + 10 * MIN) });
    const queued = CHATS.flatMap((c) => Array.from({ length: 8 }, (_, i) => text(c, `${c.slice(-1)}#${i}`)));
    await enqueue(queued);

    let passes = 0;
    while (sim.now() < start + 10 * MIN) {
      await airgate.feishu.relay.runOnce();
      await sim.advance(5000);
      passes++;
    }
    expect(sim.messages()).toHaveLength(0);
    const backlog = await airgate.outbox.stats(airgate.db);
    expect(backlog.pending).toBe(queued.length);
    expect(backlog.oldestPendingAgeMs).toBeGreaterThanOrEqual(10 * MIN);

    // Feishu is back but refuses every message with 230020 for another simulated minute.
    sim.setFaults({ rateLimitStorm: true });
    const stormEnd = sim.now() + MIN;
    while (sim.now() < stormEnd) {
      await airgate.feishu.relay.runOnce();
      await sim.advance(1000);
    }
    expect(sim.faults().counts.stormRefusals).toBeGreaterThan(0);
    sim.setFaults({ rateLimitStorm: false });

    const deadline = sim.now() + 30 * MIN;
    while ((await airgate.outbox.stats(airgate.db)).pending > 0 && sim.now() < deadline) {
      await airgate.feishu.relay.runOnce();
      await sim.advance(1000);
    }
    for (const c of CHATS)
      expect(texts(c)).toEqual(Array.from({ length: 8 }, (_, i) => `${c.slice(-1)}#${i}`));
    expect(await airgate.outbox.stats(airgate.db)).toEqual({
      pending: 0,
      failed: 0,
      oldestPendingAgeMs: null,
    });
    expect(passes).toBeGreaterThan(100);
  });

  it("marks a message the bot cannot deliver as failed with Feishu's reason, and goes on with the next", async () => {
    await enqueue([
      text(OUTSIDE, 'never'),
      text(OUTSIDE, 'after it'),
      { kind: 'send', receiveIdType: 'open_id', receiveId: 'ou_nobody', body: { text: 'to nobody' } },
    ]);
    for (let i = 0; i < 3; i++) {
      await airgate.feishu.relay.runOnce();
      await sim.advance(1000);
    }
    const rows = await airgate.db.getRepository(FeishuOutboxMessage).find({ order: { id: 'ASC' } });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['failed', 1],
      ['failed', 1],
      ['failed', 1],
    ]);
    expect(rows[0]!.lastError).toMatch(/^230002 Bot\/User can NOT be out of the chat/);
    expect(rows[2]!.lastError).toMatch(/^230013 /);
    expect(await airgate.outbox.stats(airgate.db)).toMatchObject({ pending: 0, failed: 3 });
  });

  it('does not post twice when the answer to a send is lost', async () => {
    const chat = CHATS[0]!;
    const before = texts(chat).length;
    await enqueue([text(chat, 'only once')]);
    sim.setFaults({ latencyMs: 900 }); // AirGate gives up after 500 ms; Feishu still posts it.
    expect(await airgate.feishu.relay.runOnce()).toMatchObject({ retried: 1 });
    await eventually('the slow post', () => texts(chat).length === before + 1);
    sim.setFaults({ latencyMs: 0 });
    await sim.advance(2000);
    expect(await airgate.feishu.relay.runOnce()).toMatchObject({ sent: 1 });
    expect(texts(chat).filter((t) => t === 'only once')).toHaveLength(1);
    const row = await airgate.db.getRepository(FeishuOutboxMessage).findOneByOrFail({ status: 'sent' });
    expect(row.feishuMessageId).toBe(sim.messages({ chatId: chat }).at(-1)!.messageId);
  });

  it('with two relays on one database, sends each message once and in order', async () => {
    const second = await startAirGate({
      database: db.config,
      baseUrl: sim.url,
      clock: simClock(sim),
      start: false,
    });
    extra.push(second);
    const before = Object.fromEntries(CHATS.map((c) => [c, texts(c).length]));
    const queued = CHATS.flatMap((c) => Array.from({ length: 6 }, (_, i) => text(c, `dual ${i}`)));
    await enqueue(queued);
    airgate.feishu.relay.start();
    second.feishu.relay.start();
    try {
      await eventually(
        'all sent',
        async () => (await airgate.outbox.stats(airgate.db)).pending === 0,
        20_000,
      );
    } finally {
      await airgate.feishu.relay.stop();
      await second.feishu.relay.stop();
    }
    for (const c of CHATS)
      expect(texts(c).slice(before[c])).toEqual(Array.from({ length: 6 }, (_, i) => `dual ${i}`));
    // Each attempt was one relay's claim: every attempt but the last is a logged retry (two relays
    // together may exceed a chat's 5/s and be told to wait). Feishu's uuid dedupe would hide a double send.
    const retries = [...airgate.logs, ...second.logs]
      .map((l) => JSON.parse(l) as { msg: string; uuid?: string })
      .filter((l) => l.msg === 'outbox message will be retried');
    const rows = await airgate.db.getRepository(FeishuOutboxMessage).find();
    expect(rows).toHaveLength(queued.length);
    for (const r of rows) expect(r.attempts - 1).toBe(retries.filter((l) => l.uuid === r.uuid).length);
  });

  it('updates a sent card in place and sends an ephemeral card through the outbox', async () => {
    const chat = CHATS[1]!;
    const card = (title: string) => ({
      schema: '2.0',
      config: { update_multi: true },
      header: { title: { tag: 'plain_text', content: title } },
      body: { elements: [{ tag: 'markdown', content: title }] },
    });
    await enqueue([{ kind: 'send', receiveIdType: 'chat_id', receiveId: chat, body: { card: card('v1') } }]);
    await sim.advance(1000); // past the per-chat pace of the previous test's sends
    await airgate.feishu.relay.runOnce();
    const sent = await airgate.db.getRepository(FeishuOutboxMessage).findOneByOrFail({ status: 'sent' });
    await sim.advance(1000);
    await enqueue([
      { kind: 'patch', messageId: sent.feishuMessageId!, chatId: chat, card: card('v2') },
      { kind: 'ephemeral', chatId: chat, openId: U2, card: card('just for you') },
    ]);
    await airgate.feishu.relay.runOnce();
    await sim.advance(1000);
    await airgate.feishu.relay.runOnce();
    expect(JSON.stringify(sim.message(sent.feishuMessageId!)?.card)).toContain('v2');
    const eph = sim.messages({ chatId: chat }).find((m) => m.ephemeral);
    expect(eph?.visibleTo).toEqual([U2]);
    expect(await airgate.outbox.stats(airgate.db)).toMatchObject({ pending: 0, failed: 0 });
  });

  it('logs the failures it retried without any secret or token', () => {
    const all = airgate.logs.join('\n');
    expect(all).toContain('outbox message will be retried');
    expect(all).toContain('lark sdk');
    expect(all).not.toContain(testApp.appSecret);
    expect(all).not.toMatch(/t-[A-Za-z0-9]{16,}/);
  });

  // Last: its message stays in the simulator's chat (the tests above count every message there).
  it('marks a message sent while another transaction of this process rolls back, and does not send it again', async () => {
    const chat = CHATS[0]!;
    await enqueue([text(chat, 'beside a refused transaction')]);
    let open: () => void = () => {};
    const gate = new Promise<void>((r) => (open = r));
    // A use case's transaction, open while the relay delivers, then refused. On MySQL the relay sends and
    // marks meanwhile; on SQLite (one connection) its marks wait for the transaction to end.
    const refused = inTransaction(airgate.db, async (tx) => {
      await tx.query('SELECT 1');
      await gate;
      throw new Error('refused');
    });
    const pass = airgate.feishu.relay.runOnce();
    await new Promise((r) => setTimeout(r, 200));
    open();
    await expect(refused).rejects.toThrow('refused');
    expect(await pass).toMatchObject({ sent: 1 });
    // Marked sent, though the transaction beside it rolled back (else it would be sent again: Feishu's
    // uuid de-duplication covers an hour only).
    expect((await airgate.outbox.stats(airgate.db)).pending).toBe(0);
    await sim.advance(10 * MIN);
    await airgate.feishu.relay.runOnce();
    expect(texts(chat).filter((t) => t === 'beside a refused transaction')).toHaveLength(1);
  });
});
