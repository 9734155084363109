import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import {
  eventually,
  post,
  simClock,
  sleep,
  startAirGate,
  startProxy,
  testApp,
  type AirGate,
} from './support/harness.js';

const USER = 'ou_user0000000000000000000000000001';

describe.each(dbKinds())('redelivered events on %s', (kind) => {
  let db: TestDatabase;
  let sim: FeishuSim;
  let a: AirGate;
  let b: AirGate;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let plan: (n: number) => { to?: string; answer?: number } = () => ({});
  const pongs = () => sim.messages({ openId: USER }).filter((m) => m.text === 'pong');
  /** How often the command ran per event, over both instances. */
  const runs = new Map<string, number>();

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    // Feishu's 15 s / 5 min / 1 h / 6 h schedule, compressed.
    sim = await startFeishuSim({ app: testApp, retrySchedule: [150, 150, 150, 150] });
    sim.seedUsers([{ openId: USER, name: 'User' }]);
    // Two AirGate instances on one database, as two processes would be.
    a = await startAirGate({ database: db.config, baseUrl: sim.url, clock: simClock(sim) });
    b = await startAirGate({ database: db.config, baseUrl: sim.url, clock: simClock(sim) });
    for (const x of [a, b]) {
      x.feishu.router.command({
        names: ['ping'],
        run: async (ctx) => {
          runs.set(ctx.eventId, (runs.get(ctx.eventId) ?? 0) + 1);
          await ctx.reply({ text: 'pong' });
        },
      });
    }
    proxy = await startProxy((n) => plan(n));
    sim.setEventUrl(proxy.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await a?.close();
    await b?.close();
    await sim?.close();
    await db?.drop();
  });

  it('runs an event once when its acknowledgement was lost and Feishu delivers it again', async () => {
    const start = proxy.captured.length;
    // The first delivery reaches AirGate but its answer is lost; the retry reaches it again.
    plan = (n) => (n === start + 1 ? { to: a.url, answer: 500 } : { to: a.url });
    const said = await sim.say({ from: USER, text: 'ping' });
    expect(said.delivered).toBe(false);
    await eventually('the retry', () => sim.deliveries(said.eventId).some((d) => d.status === 200));
    await eventually('pong', () => pongs().length === 1);
    await sleep(300);
    expect(sim.deliveries(said.eventId).map((d) => d.status)).toEqual([500, 200]);
    expect(pongs()).toHaveLength(1);
    expect(runs.get(said.eventId)).toBe(1);
  });

  it('runs it once when the retry lands on the other instance', async () => {
    const before = pongs().length;
    const start = proxy.captured.length;
    plan = (n) => (n === start + 1 ? { to: a.url, answer: 500 } : { to: b.url });
    const said = await sim.say({ from: USER, text: 'ping' });
    await eventually('the retry', () => sim.deliveries(said.eventId).some((d) => d.status === 200));
    await eventually('pong', () => pongs().length === before + 1);
    await sleep(300);
    expect(pongs()).toHaveLength(before + 1);
    expect(runs.get(said.eventId)).toBe(1);
  });

  it('runs it once when 20 copies hit both instances at the same moment', async () => {
    const before = pongs().length;
    plan = () => ({ answer: 200 });
    const said = await sim.say({ from: USER, text: 'ping' });
    const req = proxy.captured.at(-1)!;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i % 2 ? a.url : b.url, req)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    await eventually('pong', () => pongs().length === before + 1);
    await sleep(300);
    expect(pongs()).toHaveLength(before + 1);
    expect(runs.get(said.eventId)).toBe(1);
    const row = await a.feishu.inbox.get(said.eventId);
    expect(row?.status).toBe('done');
  });
});
