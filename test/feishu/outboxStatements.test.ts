import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { FeishuOutboxMessage } from '../../src/db/entities/feishuOutboxMessage.js';
import { writeAlone } from '../../src/db/repos/transaction.js';
import { FeishuOutbox, type OutboxMessage } from '../../src/feishu/outbox.js';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { recordPrepared, recordStatements } from '../support/statements.js';
import { openDatabase, simClock, startAirGate, testApp, type AirGate } from './support/harness.js';

const message = (text: string): OutboxMessage => ({
  kind: 'send',
  receiveIdType: 'chat_id',
  receiveId: 'oc_statements',
  body: { text },
});

const work = (seen: string[]) =>
  seen.filter((q) => !/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(q.trim()));

// Every reply, card and notice the bot sends is one outbox row written in its cause's transaction: the
// write is on the path of every event, so it costs one statement.
describe.each(dbKinds())('enqueueing a message on %s', (kind) => {
  let db: TestDatabase;
  let ds: DataSource;
  const outbox = new FeishuOutbox({ now: () => new Date() });
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ds = await openDatabase(db.config);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('is one INSERT, with a dedupe key or without (nothing read before or after)', async () => {
    const seen = recordStatements(ds);
    const keyed = await ds.transaction((tx) => outbox.enqueue(tx, message('keyed'), { dedupeKey: 'st-1' }));
    expect(keyed.duplicate).toBe(false);
    expect(work(seen)).toHaveLength(1);
    expect(work(seen)[0]).toMatch(/^INSERT INTO\b/i);
    seen.length = 0;
    await ds.transaction((tx) => outbox.enqueue(tx, message('plain')));
    expect(work(seen)).toHaveLength(1);
  });

  it('a second enqueue of a key returns the first uuid and leaves the transaction usable', async () => {
    const first = await ds.transaction((tx) => outbox.enqueue(tx, message('one'), { dedupeKey: 'st-2' }));
    const [again, other] = await ds.transaction(async (tx) => [
      await outbox.enqueue(tx, message('one again'), { dedupeKey: 'st-2' }),
      await outbox.enqueue(tx, message('after it'), { dedupeKey: 'st-3' }),
    ]);
    expect(again).toEqual({ uuid: first.uuid, duplicate: true });
    expect(other!.duplicate).toBe(false);
    const rows = await ds.getRepository(FeishuOutboxMessage).find({ order: { id: 'ASC' } });
    const texts = rows.map((r) => (r.payload as { body: { text: string } }).body.text);
    expect(texts).toContain('one');
    expect(texts).toContain('after it');
    expect(texts).not.toContain('one again');
  });

  it('a second enqueue of a key outside a transaction (a reply written on its own) is a duplicate too', async () => {
    const first = await writeAlone(ds, (m) => outbox.enqueue(m, message('alone'), { dedupeKey: 'st-4' }));
    const again = await writeAlone(ds, (m) =>
      outbox.enqueue(m, message('alone again'), { dedupeKey: 'st-4' }),
    );
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ uuid: first.uuid, duplicate: true });
  });
});

// The relay settles an alert as soon as its card is out (test/api/alertDelivery.test.ts); a notice that
// belongs to no alert (a request card, an outcome) costs one read for that, not a transaction.
describe.each(dbKinds())('delivering a notice that belongs to no alert on %s', (kind) => {
  let db: TestDatabase;
  let sim: FeishuSim;
  let airgate: AirGate;
  const CHAT = 'oc_statements_000000000000000000001';
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sim = await startFeishuSim({ app: testApp });
    sim.seedUsers([{ openId: 'ou_statements_0001', name: 'One' }]);
    sim.seedChat({ chatId: CHAT, name: 'st', type: 'group', members: ['ou_statements_0001'] });
    airgate = await startAirGate({
      database: db.config,
      baseUrl: sim.url,
      clock: simClock(sim),
      start: false,
    });
  });
  afterAll(async () => {
    await airgate?.close();
    await sim?.close();
    await db?.drop();
  });

  it('sends it without opening a transaction', async () => {
    await airgate.db.transaction((tx) =>
      airgate.outbox.enqueue(
        tx,
        { kind: 'send', receiveIdType: 'chat_id', receiveId: CHAT, body: { text: 'a notice' } },
        { dedupeKey: `n:notice-1:chat_id:${CHAT}` },
      ),
    );
    const seen = recordStatements(airgate.db);
    expect((await airgate.feishu.relay.runOnce()).sent).toBe(1);
    expect(sim.messages({ chatId: CHAT }).map((m) => m.text)).toEqual(['a notice']);
    const opened = seen.filter((q) => /^(START TRANSACTION|BEGIN)\b/i.test(q.trim()));
    // On SQLite each of the row's two marks (the claim, sent) is a transaction of its own (writeAlone: the
    // one connection is shared), and nothing more; on MySQL they are autocommit writes.
    expect(opened).toHaveLength(kind === 'sqlite' ? 2 : 0);
  });

  it.runIf(kind === 'mysql')(
    'sends its statements prepared on MySQL: the enqueue, the due read, the claim and the mark',
    async () => {
      // Another chat: the first test's send holds CHAT's pace for a moment.
      const other = 'oc_statements_000000000000000000002';
      sim.seedChat({ chatId: other, name: 'st2', type: 'group', members: ['ou_statements_0001'] });
      const prepared = await recordPrepared(airgate.db);
      await airgate.db.transaction((tx) =>
        airgate.outbox.enqueue(tx, {
          kind: 'send',
          receiveIdType: 'chat_id',
          receiveId: other,
          body: { text: 'prepared' },
        }),
      );
      try {
        expect((await airgate.feishu.relay.runOnce()).sent).toBe(1);
      } finally {
        prepared.stop();
      }
      expect(sim.messages({ chatId: other }).map((m) => m.text)).toEqual(['prepared']);
      const first = (t: string) => t.replace(/\s+/g, ' ').slice(0, 48);
      expect(prepared.texts.map(first)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^INSERT INTO feishu_outbox \(uuid/),
          expect.stringMatching(/^SELECT o\.\* FROM feishu_outbox o JOIN/),
          expect.stringMatching(/^UPDATE feishu_outbox SET lease_owner = \?/),
          expect.stringMatching(/^UPDATE feishu_outbox SET status = 'sent'/),
        ]),
      );
    },
  );
});
