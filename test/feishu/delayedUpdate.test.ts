import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { eventually, simClock, startAirGate, testApp, testCard, type AirGate } from './support/harness.js';

const USER = 'ou_user0000000000000000000000000002';

// Feishu: the delayed update "must be called after answering the callback"; before, it fails or is reverted.
describe('the delayed card update, as Feishu allows it', () => {
  let db: TestDatabase;
  let sim: FeishuSim;
  let airgate: AirGate;
  const early: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    sim = await startFeishuSim({ app: testApp });
    sim.seedUsers([{ openId: USER, name: 'User' }]);
    airgate = await startAirGate({ database: db.config, baseUrl: sim.url, clock: simClock(sim) });
    sim.setEventUrl(`${airgate.url}/feishu/events`);
    airgate.feishu.router
      .command({
        names: ['button'],
        run: (ctx) => ctx.reply({ card: testCard('Press', { a: 'test.early' }) }),
      })
      .action({
        id: 'test.early',
        // Updates with its own token before answering: refused, and the token has one use left.
        run: async (ctx) => {
          await airgate.feishu.sender.updateCardByToken(ctx.token!, testCard('Too early')).then(
            () => early.push('accepted'),
            () => early.push('refused'),
          );
          return { toast: { type: 'info', content: 'answered' } };
        },
      });
  });
  afterAll(async () => {
    await airgate?.close();
    await sim?.close();
    await db?.drop();
  });

  it('refuses an update made before the callback is answered; the card stays as it was', async () => {
    const said = await sim.say({ from: USER, text: 'button' });
    await eventually('card', () => sim.messages({ openId: USER }).some((m) => m.parentId === said.messageId));
    const msg = sim.messages({ openId: USER }).find((m) => m.parentId === said.messageId)!;
    const res = await sim.click({ from: USER, messageId: msg.messageId, value: { a: 'test.early' } });
    expect(res.toast?.content).toBe('answered');
    expect(early).toEqual(['refused']);
    expect(JSON.stringify(sim.message(msg.messageId)?.card)).not.toContain('Too early');
    expect(sim.message(msg.messageId)?.updates).toEqual([]);
  });
});
