import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeishuOutboxMessage } from '../../src/db/entities/feishuOutboxMessage.js';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { simClock, startAirGate, testApp, type AirGate } from './support/harness.js';

const USER = 'ou_user0000000000000000000000000001';
const CHATS = [
  'oc_rate000000000000000000000000001',
  'oc_rate000000000000000000000000002',
  'oc_rate000000000000000000000000003',
];

describe.each(dbKinds())("Feishu's tenant send limit (11232) on %s", (kind) => {
  let db: TestDatabase;
  let sim: FeishuSim;
  let airgate: AirGate;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    // Two messages a second for the whole tenant: three chats at once already exceed it.
    sim = await startFeishuSim({ app: testApp, rateLimits: { tenantSendPerSecond: 2 } });
    sim.seedUsers([{ openId: USER, name: 'User' }]);
    for (const chatId of CHATS) sim.seedChat({ chatId, name: chatId, type: 'group', members: [USER] });
    airgate = await startAirGate({
      database: db.config,
      baseUrl: sim.url,
      clock: simClock(sim),
      start: false,
      feishu: { relay: { backoffBaseMs: 1000, backoffMaxMs: 4000 } },
    });
  });
  afterAll(async () => {
    await airgate?.close();
    await sim?.close();
    await db?.drop();
  });

  it('answers 11232 beyond the limit, and AirGate retries those messages until each arrives once', async () => {
    const sent = CHATS.flatMap((c) => [`${c.slice(-1)}-a`, `${c.slice(-1)}-b`].map((t) => [c, t] as const));
    for (const [chatId, text] of sent) {
      await airgate.db.transaction((tx) =>
        airgate.outbox.enqueue(tx, {
          kind: 'send',
          receiveIdType: 'chat_id',
          receiveId: chatId,
          body: { text },
        }),
      );
    }
    const reasons: string[] = [];
    let retried = 0;
    for (let i = 0; i < 60 && (await airgate.outbox.stats(airgate.db)).pending > 0; i++) {
      retried += (await airgate.feishu.relay.runOnce()).retried;
      const rows = await airgate.db.getRepository(FeishuOutboxMessage).find();
      reasons.push(...rows.flatMap((r) => (r.lastError ? [r.lastError] : [])));
      await sim.advance(1000);
    }
    expect(retried).toBeGreaterThan(0);
    expect(reasons.some((r) => r.startsWith('11232'))).toBe(true);
    expect(await airgate.outbox.stats(airgate.db)).toMatchObject({ pending: 0, failed: 0 });
    for (const chatId of CHATS)
      expect(sim.messages({ chatId }).map((m) => m.text)).toEqual([
        `${chatId.slice(-1)}-a`,
        `${chatId.slice(-1)}-b`,
      ]);
  });
});
