import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_AGE_SECONDS } from '../../src/feishu/verify.js';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import {
  counts,
  eventually,
  post,
  simClock,
  startAirGate,
  startProxy,
  testApp,
  type AirGate,
  type Captured,
} from './support/harness.js';

const USER = 'ou_user0000000000000000000000000001';

describe.each(dbKinds())('forged and replayed requests on %s', (kind) => {
  let db: TestDatabase;
  let sim: FeishuSim;
  let airgate: AirGate;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let forward = false;

  /** Has the simulator say `ping` with the proxy holding the request back; returns what Feishu sent. */
  async function capturePing(): Promise<Captured> {
    forward = false;
    const n = proxy.captured.length;
    await sim.say({ from: USER, text: 'ping' });
    return proxy.captured[n]!;
  }

  async function expectNothingChanged(req: Captured, status: number) {
    const before = { ...(await counts(airgate.db)), bot: sim.messages().length };
    const res = await post(airgate.url, req);
    expect(res.status).toBe(status);
    await airgate.feishu.processor.idle();
    expect({ ...(await counts(airgate.db)), bot: sim.messages().length }).toEqual(before);
  }

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sim = await startFeishuSim({ app: testApp });
    sim.seedUsers([{ openId: USER, name: 'User' }]);
    airgate = await startAirGate({ database: db.config, baseUrl: sim.url, clock: simClock(sim) });
    proxy = await startProxy(() => (forward ? { to: airgate.url } : { answer: 200 }));
    sim.setEventUrl(proxy.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await airgate?.close();
    await sim?.close();
    await db?.drop();
  });

  it('accepts a genuine delivery (the control case)', async () => {
    const req = await capturePing();
    const res = await post(airgate.url, req);
    expect(res.status).toBe(200);
    await eventually('pong', () => sim.messages({ openId: USER }).some((m) => m.text === 'pong'));
  });

  it('refuses a forged signature', async () => {
    const req = await capturePing();
    const sig = req.headers['x-lark-signature']!;
    const forged = `${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}`;
    await expectNothingChanged({ ...req, headers: { ...req.headers, 'x-lark-signature': forged } }, 401);
  });

  it('refuses a request without the signature headers', async () => {
    const req = await capturePing();
    await expectNothingChanged({ ...req, headers: { 'content-type': 'application/json' } }, 401);
  });

  it('refuses a tampered body, re-encrypted or not', async () => {
    const req = await capturePing();
    const { encrypt } = JSON.parse(req.body) as { encrypt: string };
    const flipped = `${encrypt.slice(0, 40)}${encrypt[40] === 'A' ? 'B' : 'A'}${encrypt.slice(41)}`;
    await expectNothingChanged({ ...req, body: JSON.stringify({ encrypt: flipped }) }, 401);
    await expectNothingChanged({ ...req, body: JSON.stringify({ encrypt, extra: 1 }) }, 401);
  });

  it('refuses a genuine request replayed after the timestamp window', async () => {
    const req = await capturePing();
    // The window spans Feishu's redelivery schedule (its retries may bear the first timestamp).
    await sim.advance((DEFAULT_MAX_AGE_SECONDS + 60) * 1000);
    await expectNothingChanged(req, 401);
  });

  it('refuses an event signed with the right key but carrying the wrong verification token', async () => {
    const rogue = await startFeishuSim({ app: { ...testApp, verificationToken: 'v_SomeOtherAppToken' } });
    try {
      rogue.seedUsers([{ openId: USER, name: 'User' }]);
      rogue.setEventUrl(`${airgate.url}/feishu/events`);
      const before = await counts(airgate.db);
      const said = await rogue.say({ from: USER, text: 'ping' });
      expect(said).toMatchObject({ status: 401, delivered: false });
      expect(await counts(airgate.db)).toEqual(before);
    } finally {
      await rogue.close();
    }
  });

  it('refuses a body encrypted with another key', async () => {
    const rogue = await startFeishuSim({ app: { ...testApp, encryptKey: 'AnotherEncryptKey' } });
    try {
      rogue.seedUsers([{ openId: USER, name: 'User' }]);
      rogue.setEventUrl(`${airgate.url}/feishu/events`);
      const before = await counts(airgate.db);
      const said = await rogue.say({ from: USER, text: 'ping' });
      expect(said.delivered).toBe(false);
      expect([400, 401]).toContain(said.status);
      expect(await counts(airgate.db)).toEqual(before);
    } finally {
      await rogue.close();
    }
  });

  it('logs why a request was refused, without the secrets', () => {
    const all = airgate.logs.join('\n');
    expect(all).toContain('request timestamp outside the allowed window');
    expect(all).toContain('bad signature');
    for (const s of [testApp.encryptKey, testApp.verificationToken, testApp.appSecret])
      expect(all).not.toContain(s);
  });
});
