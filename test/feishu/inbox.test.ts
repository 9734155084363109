import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeishuInboxEvent } from '../../src/db/entities/feishuInboxEvent.js';
import { decryptEvent, randomNonce, sealRequest } from '../../src/sim/feishu/crypto.js';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import {
  eventually,
  post,
  simClock,
  startAirGate,
  startProxy,
  testApp,
  type AirGate,
} from './support/harness.js';

const USER = 'ou_user0000000000000000000000000001';
const HOUR = 3600_000;

describe.each(dbKinds())('the durable inbox on %s', (kind) => {
  let db: TestDatabase;
  let sim: FeishuSim;
  let crashed: AirGate;
  let survivor: AirGate;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  const pongs = () => sim.messages({ openId: USER }).filter((m) => m.text === 'pong').length;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sim = await startFeishuSim({ app: testApp });
    sim.seedUsers([{ openId: USER, name: 'User' }]);
    // "crashed" acknowledges events but never gets to run them (its worker is not started).
    crashed = await startAirGate({
      database: db.config,
      baseUrl: sim.url,
      clock: simClock(sim),
      start: false,
      feishu: { processor: { concurrency: 0, leaseMs: 60_000 } },
    });
    survivor = await startAirGate({ database: db.config, baseUrl: sim.url, clock: simClock(sim) });
    proxy = await startProxy(() => ({ to: crashed.url }));
    sim.setEventUrl(proxy.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await crashed?.close();
    await survivor?.close();
    await sim?.close();
    await db?.drop();
  });

  it('runs an acknowledged event whose process died, once its claim runs out', async () => {
    const said = await sim.say({ from: USER, text: 'ping' });
    expect(said.delivered).toBe(true);
    expect((await survivor.feishu.inbox.get(said.eventId))?.status).toBe('processing');
    await sim.advance(30_000);
    await survivor.feishu.processor.sweep();
    expect(pongs()).toBe(0); // the claim still holds: nobody else touches it
    await sim.advance(40_000);
    await survivor.feishu.processor.sweep();
    await eventually('pong', () => pongs() === 1);
    expect((await survivor.feishu.inbox.get(said.eventId))?.status).toBe('done');
  });

  it('runs it by itself too: the inbox sweep is a scheduled job of the receiving process', async () => {
    const before = pongs();
    const said = await sim.say({ from: USER, text: 'ping' });
    expect(said.delivered).toBe(true);
    await sim.advance(70_000);
    // Nobody calls sweep(): the job (every 200 ms in this harness) finds the event once its claim ran out.
    await eventually('pong by the sweep job', () => pongs() === before + 1);
    expect((await survivor.feishu.inbox.get(said.eventId))?.status).toBe('done');
  });

  it("keeps event ids past Feishu's 7.1 h redelivery window, then purges them", async () => {
    const earlier = pongs();
    await sim.say({ from: USER, text: 'ping' });
    const req = proxy.captured.at(-1)!;
    await sim.advance(71_000);
    await survivor.feishu.processor.sweep();
    await eventually('pong', () => pongs() === earlier + 1);
    const repo = survivor.db.getRepository(FeishuInboxEvent);
    const before = await repo.count();
    await sim.advance(8 * HOUR);
    expect((await survivor.feishu.processor.sweep()).purged).toBe(0);
    expect(await repo.count()).toBe(before);
    // Feishu's last retry comes after ~7.1 h, signed anew: still recognised as a duplicate.
    const plaintext = JSON.parse(
      decryptEvent(testApp.encryptKey, (JSON.parse(req.body) as { encrypt: string }).encrypt),
    ) as unknown;
    const again = sealRequest(plaintext, {
      encryptKey: testApp.encryptKey,
      timestamp: String(Math.floor(sim.now() / 1000)),
      nonce: randomNonce(),
    });
    expect((await post(survivor.url, again)).status).toBe(200);
    await survivor.feishu.processor.idle();
    expect(await repo.count()).toBe(before);
    expect(pongs()).toBe(earlier + 1);
    await sim.advance(17 * HOUR);
    expect((await survivor.feishu.processor.sweep()).purged).toBe(before);
    expect(await repo.count()).toBe(0);
  });
});
