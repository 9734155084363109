import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import {
  eventually,
  simClock,
  sleep,
  startAirGate,
  testApp,
  testCard,
  type AirGate,
} from './support/harness.js';

const USER = 'ou_user0000000000000000000000000001';
/** The simulator's answer window (Feishu's is 3 s) and AirGate's card budget inside it (2 s by default). */
const ACK_WINDOW_MS = 1500;
const CARD_BUDGET_MS = 1000;

describe.each(dbKinds())('acknowledgement time with slow handlers on %s', (kind) => {
  let db: TestDatabase;
  let sim: FeishuSim;
  let airgate: AirGate;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    // Feishu retries after 15 s; compressed so that a late answer would show up as a second delivery.
    // Feishu's 3 s answer window and AirGate's 2 s card budget are compressed in the same proportion
    // (both are options), and the slow handlers outlast the window as before: the same ordering holds
    // without waiting seconds for it.
    sim = await startFeishuSim({ app: testApp, retrySchedule: [200, 200], ackTimeoutMs: ACK_WINDOW_MS });
    sim.seedUsers([{ openId: USER, name: 'User' }]);
    airgate = await startAirGate({
      database: db.config,
      baseUrl: sim.url,
      clock: simClock(sim),
      feishu: { processor: { cardBudgetMs: CARD_BUDGET_MS } },
    });
    sim.setEventUrl(`${airgate.url}/feishu/events`);
    airgate.feishu.router
      .command({
        names: ['slow'],
        run: async (ctx) => {
          await sleep(ACK_WINDOW_MS + 300);
          await ctx.reply({ text: 'slow done' });
        },
      })
      .command({
        names: ['button'],
        run: (ctx) => ctx.reply({ card: testCard('Press', { a: 'test.slow' }) }),
      })
      .action({
        id: 'test.slow',
        run: async () => {
          await sleep(ACK_WINDOW_MS + 200);
          return {
            toast: { type: 'success', content: 'done' },
            card: { type: 'raw', data: testCard('Finished') },
          };
        },
      });
  });
  afterAll(async () => {
    await airgate?.close();
    await sim?.close();
    await db?.drop();
  });

  it('acknowledges a message at once although its command outlasts the Feishu window, and answers later', async () => {
    const said = await sim.say({ from: USER, text: 'slow' });
    expect(said).toMatchObject({ status: 200, delivered: true });
    // The acknowledgement came before the command's work: its answer was not there yet. (Feishu's own
    // window is the simulator's: a later acknowledgement would not count as delivered.)
    expect(sim.messages({ openId: USER }).some((m) => m.text === 'slow done')).toBe(false);
    const [first] = sim.deliveries(said.eventId);
    expect([first!.status, first!.error]).toEqual([200, undefined]);
    await eventually('the late answer', () =>
      sim.messages({ openId: USER }).some((m) => m.text === 'slow done'),
    );
    expect(sim.deliveries(said.eventId)).toHaveLength(1);
  });

  it('answers a card click within the Feishu window with a "working on it" toast, then updates the card', async () => {
    const said = await sim.say({ from: USER, text: 'button' });
    await eventually('card', () => sim.messages({ openId: USER }).some((m) => m.parentId === said.messageId));
    const msg = sim.messages({ openId: USER }).find((m) => m.parentId === said.messageId)!;
    const res = await sim.click({ from: USER, messageId: msg.messageId, value: { a: 'test.slow' } });
    // Answered inside Feishu's window (the simulator's), before the action finished: no update yet.
    expect(res.error).toBeUndefined();
    expect(sim.message(msg.messageId)?.updates.some((u) => u.via === 'delayed')).toBe(false);
    expect(JSON.stringify(sim.message(msg.messageId)?.card)).not.toContain('Finished');
    expect(res.toast).toMatchObject({ type: 'info', content: '已收到，正在处理…' });
    await eventually(
      'the delayed update',
      () => sim.message(msg.messageId)?.updates.some((u) => u.via === 'delayed') ?? false,
    );
    expect(JSON.stringify(sim.message(msg.messageId)?.card)).toContain('Finished');
  });
});
