import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { simClock, startAirGate, sleep, testApp, type AirGate } from '../feishu/support/harness.js';

const carol = { openId: 'ou_botinfo_carol', name: 'Carol' };

/**
 * AirGate is not told its bot's open_id: it asks Feishu (GET /open-apis/bot/v3/info) on start, so in a
 * group where it reads every message only an @mention of the bot itself is a command.
 */
describe('the bot learns its own open_id from bot/v3/info', () => {
  let sim: FeishuSim;
  let airgate: AirGate;
  const group = 'oc_botinfo_group';

  beforeAll(async () => {
    sim = await startFeishuSim({ app: testApp, botName: 'AirGate', groupAllMessages: true });
    sim.seedUsers([carol]);
    sim.seedChat({ chatId: group, name: 'ops', type: 'group', members: [carol.openId] });
    airgate = await startAirGate({
      database: { type: 'sqlite', path: ':memory:' },
      baseUrl: sim.url,
      clock: simClock(sim),
    });
    sim.setEventUrl(`${airgate.url}/feishu/events`);
  });
  afterAll(async () => {
    await airgate?.close();
    await sim?.close();
  });

  it('answers GET /open-apis/bot/v3/info as Feishu does, to the official SDK', async () => {
    const client = new lark.Client({
      appId: testApp.appId,
      appSecret: testApp.appSecret,
      domain: sim.url,
      loggerLevel: lark.LoggerLevel.error,
    });
    const res = await client.request({ method: 'GET', url: '/open-apis/bot/v3/info' });
    expect(res).toEqual({
      code: 0,
      msg: 'ok',
      bot: {
        activate_status: 2,
        app_name: 'AirGate',
        avatar_url: '',
        ip_white_list: [],
        open_id: sim.bot.openId,
      },
    });
  });

  it('ignores a group message that @mentions someone else, and answers an @mention of the bot', async () => {
    const pongs = () => sim.messages({ chatId: group }).filter((m) => m.text === 'pong').length;
    await sleep(300);
    const other = await sim.say({
      from: carol.openId,
      chatId: group,
      text: 'ping',
      mentions: [carol.openId],
    });
    expect(other.delivered).toBe(true);
    const mine = await sim.say({
      from: carol.openId,
      chatId: group,
      text: 'ping',
      mentions: [sim.bot.openId],
    });
    expect(mine.delivered).toBe(true);
    const until = Date.now() + 5000;
    while (pongs() < 1 && Date.now() < until) await sleep(25);
    await sleep(500);
    expect(pongs()).toBe(1);
    expect(sim.messages({ chatId: group }).find((m) => m.text === 'pong')?.parentId).toBe(mine.messageId);
  });
});
