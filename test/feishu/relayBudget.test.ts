import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendPace } from '../../src/feishu/relayPace.js';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { recordStatements } from '../support/statements.js';
import { simClock, startAirGate, testApp, type AirGate } from './support/harness.js';

const CHATS = Array.from({ length: 5 }, (_, i) => `oc_budget_${String(i).padStart(24, '0')}`);

// Feishu allows an app 1,000 messages a minute (the relay keeps under it). Once this minute's budget is
// spent, a pass can send nothing until the oldest send of the minute ages out: it must not read the due
// rows again and again meanwhile (a burst of alerts would have every relay of the install read up to 50
// rows five times a second for up to a minute, for nothing), and it says how long to wait.
describe.each(dbKinds())("the relay when the app's minute budget is spent, on %s", (kind) => {
  let db: TestDatabase;
  let sim: FeishuSim;
  let airgate: AirGate;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sim = await startFeishuSim({ app: testApp });
    sim.seedUsers([{ openId: 'ou_budget_0001', name: 'One' }]);
    for (const chatId of CHATS)
      sim.seedChat({ chatId, name: chatId, type: 'group', members: ['ou_budget_0001'] });
    airgate = await startAirGate({
      database: db.config,
      baseUrl: sim.url,
      clock: simClock(sim),
      start: false,
      feishu: { relay: { appPerMinute: 3, appPerSecond: 50 } },
    });
  });
  afterAll(async () => {
    await airgate?.close();
    await sim?.close();
    await db?.drop();
  });

  it('reads nothing until a send may go, then sends the rest', async () => {
    await airgate.db.transaction(async (tx) => {
      for (const [i, chatId] of CHATS.entries())
        await airgate.outbox.enqueue(tx, {
          kind: 'send',
          receiveIdType: 'chat_id',
          receiveId: chatId,
          body: { text: `message ${i}` },
        });
    });
    const first = await airgate.feishu.relay.runOnce();
    expect(first.sent).toBe(3);

    await sim.advance(10_000);
    const seen = recordStatements(airgate.db);
    const held = await airgate.feishu.relay.runOnce();
    expect(held).toMatchObject({ sent: 0, failed: 0, retried: 0 });
    expect(seen).toEqual([]);
    // The first send of the minute ages out 60 s after it went, 10 s of which have passed.
    expect(held.heldMs).toBeGreaterThan(49_000);
    expect(held.heldMs).toBeLessThanOrEqual(50_000);

    await sim.advance(held.heldMs!);
    const rest = await airgate.feishu.relay.runOnce();
    expect(rest.sent).toBeGreaterThanOrEqual(1);
    await sim.advance(60_000);
    await airgate.feishu.relay.runOnce();
    const texts = CHATS.flatMap((chatId) => sim.messages({ chatId }).map((m) => m.text));
    expect(texts.sort()).toEqual(CHATS.map((_, i) => `message ${i}`));
  });
});

describe("the app's send budget (SendPace)", () => {
  const pace = () => new SendPace({ perKeyIntervalMs: 200, appPerSecond: 3, appPerMinute: 5 });

  it('says how long until the full second frees up, and takes nothing meanwhile', () => {
    const p = pace();
    expect([p.takeApp(1000), p.takeApp(1100), p.takeApp(1200)]).toEqual([true, true, true]);
    expect(p.appWaitMs(1300)).toBe(700);
    expect(p.takeApp(1300)).toBe(false);
    expect(p.appWaitMs(2000)).toBe(0);
    expect(p.takeApp(2000)).toBe(true);
  });

  it('says how long until the full minute frees up', () => {
    const p = pace();
    for (const t of [0, 1000, 2000, 3000, 4000]) expect(p.takeApp(t)).toBe(true);
    expect(p.appWaitMs(10_000)).toBe(50_000);
    expect(p.appWaitMs(60_000)).toBe(0);
    expect(p.takeApp(60_000)).toBe(true);
    expect(p.appWaitMs(60_000)).toBe(1000);
  });

  it('waits out a pause after a refusal', () => {
    const p = pace();
    p.pauseApp(5000);
    expect(p.appWaitMs(1000)).toBe(4000);
    expect(p.takeApp(4999)).toBe(false);
    expect(p.takeApp(5000)).toBe(true);
  });
});
