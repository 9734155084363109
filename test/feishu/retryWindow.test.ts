import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEISHU_RETRY_SCHEDULE } from '../../src/sim/feishu/events.js';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { FeishuOutbox } from '../../src/feishu/outbox.js';
import { createFeishu, DEFAULT_INBOX_RETENTION_MS } from '../../src/feishu/wiring.js';
import { createLogger } from '../../src/log/logger.js';
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
const kinds = dbKinds().flatMap((kind) => (['original', 'fresh'] as const).map((h) => [kind, h] as const));

/**
 * Feishu retries a push 15 s, 5 min, 1 h and 6 h after it failed. Whether the retry is signed anew with a
 * fresh timestamp is not documented, so the simulator does either; AirGate must take Feishu's own last
 * retry in both cases, and still refuse a replay once the event's id has left the inbox.
 */
describe.each(kinds)(
  "Feishu's retries against the timestamp window on %s, retry headers %s",
  (kind, retryHeaders) => {
    let db: TestDatabase;
    let sim: FeishuSim;
    let airgate: AirGate;
    let proxy: Awaited<ReturnType<typeof startProxy>>;
    const pongs = () => sim.messages({ openId: USER }).filter((m) => m.text === 'pong');

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      // Timestamps on the simulator's clock, which AirGate's follows: hours pass in a test.
      sim = await startFeishuSim({ app: testApp, retryHeaders, headerClock: 'virtual' });
      sim.seedUsers([{ openId: USER, name: 'User' }]);
      airgate = await startAirGate({ database: db.config, baseUrl: sim.url, clock: simClock(sim) });
      // The first push and the first three retries fail (AirGate unreachable); the 6 h retry gets through.
      proxy = await startProxy((n) => (n <= 4 ? { answer: 503 } : { to: airgate.url }));
      sim.setEventUrl(proxy.url);
    });
    afterAll(async () => {
      await proxy?.close();
      await airgate?.close();
      await sim?.close();
      await db?.drop();
    });

    it('runs an event delivered only by the 6 h retry, once, and refuses its replay after the inbox forgot it', async () => {
      const said = await sim.say({ from: USER, text: 'ping' });
      expect(said.delivered).toBe(false);
      for (const delay of FEISHU_RETRY_SCHEDULE) await sim.advance(delay);
      expect(sim.deliveries(said.eventId).map((d) => d.status)).toEqual([503, 503, 503, 503, 200]);
      await eventually('pong', () => pongs().length === 1);
      const last = proxy.captured[4]!;
      if (retryHeaders === 'original') expect(last.headers).toEqual(proxy.captured[0]!.headers);

      // A replay while the inbox still holds the event id: accepted, run no second time.
      expect((await post(airgate.url, last)).status).toBe(200);
      await airgate.feishu.processor.idle();
      expect(await airgate.feishu.inbox.get(said.eventId)).not.toBeNull();

      // A day later the id is purged; the signed timestamp is then far outside the window.
      await sim.advance(DEFAULT_INBOX_RETENTION_MS + 60_000);
      await airgate.feishu.processor.sweep();
      expect(await airgate.feishu.inbox.get(said.eventId)).toBeNull();
      expect((await post(airgate.url, last)).status).toBe(401);
      await airgate.feishu.processor.idle();
      expect(pongs()).toHaveLength(1);
    });
  },
);

describe('the inbox retention and the window', () => {
  it('refuses to start when event ids would leave the inbox before their timestamps leave the window', () => {
    const clock = { now: () => new Date() };
    const start = (retentionMs: number) =>
      createFeishu(
        {
          config: { locale: 'zh', feishu: { ...testApp, baseUrl: 'http://127.0.0.1:9', eventMode: 'http' } },
          log: createLogger('silent'),
          db: undefined as never,
          clock,
          outbox: new FeishuOutbox(clock),
        },
        { processor: { retentionMs } },
      );
    expect(() => start(3600_000)).toThrow(/inbox keeps event ids .* less than the request window/);
    expect(start(DEFAULT_INBOX_RETENTION_MS)).toBeDefined();
  });
});
