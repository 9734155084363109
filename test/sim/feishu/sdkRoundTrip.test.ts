import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../../src/sim/feishu/server.js';
import { alice, bob, button, sdkClient, simpleCard, startSdkBot, testApp, type Bot } from './support.js';

const GROUP = 'oc_5ad11d72b830411d72b836c20';

describe('Feishu simulator with the official SDK on the bot side', () => {
  let sim: FeishuSim;
  let bot: Bot;

  beforeAll(async () => {
    bot = await startSdkBot({
      'im.message.receive_v1': () => undefined,
      'card.action.trigger': (d) => {
        const action = d.action as { value?: { a?: string } };
        if (action.value?.a === 'approve') {
          return {
            toast: { type: 'success', content: 'Approved' },
            card: { type: 'raw', data: simpleCard('Approved') },
          };
        }
        return { toast: { type: 'info', content: 'noted' } };
      },
    });
    sim = await startFeishuSim({
      app: testApp,
      eventUrl: bot.url,
      botOpenId: 'ou_bot0000000000000000000000000001',
    });
    sim.seedUsers([alice, bob]);
    sim.seedChat({ chatId: GROUP, name: 'Ops', type: 'group', members: [alice.openId, bob.openId] });
  });
  afterAll(async () => {
    await sim?.close();
    await bot?.close();
  });

  it('issues a tenant token and accepts a card the SDK sends to a group', async () => {
    const client = sdkClient(sim.url);
    const res = await client.im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: GROUP, msg_type: 'interactive', content: JSON.stringify(simpleCard('Hello')) },
    });
    expect(res.code).toBe(0);
    expect(res.data?.message_id).toMatch(/^om_/);
    const [msg] = sim.messages({ chatId: GROUP });
    expect(msg?.card).toMatchObject({ header: { title: { content: 'Hello' } } });
    expect(sim.tokensIssued()).toBe(1);
  });

  it('refuses a wrong app secret with 10014, and the SDK never sends the message', async () => {
    const client = sdkClient(sim.url, { appId: testApp.appId, appSecret: 'wrong-secret' });
    await expect(
      client.im.v1.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: GROUP, msg_type: 'text', content: JSON.stringify({ text: 'x' }) },
      }),
    ).rejects.toThrow(/code: 10014, msg: app secret invalid/);
  });

  it('delivers a p2p message, encrypted and signed, to the SDK dispatcher', async () => {
    const before = bot.received.length;
    const result = await sim.say({ from: alice.openId, text: 'ping' });
    expect(result.delivered).toBe(true);
    const data = bot.received[before] as {
      event_id: string;
      message: { content: string; chat_type: string };
    };
    expect(data.event_id).toBe(result.eventId);
    expect(data.message.chat_type).toBe('p2p');
    expect(JSON.parse(data.message.content)).toEqual({ text: 'ping' });
  });

  it('in a group delivers only messages that @mention the bot', async () => {
    const before = bot.received.length;
    const quiet = await sim.say({ from: alice.openId, chatId: GROUP, text: 'just chatting' });
    expect(quiet.delivered).toBe(false);
    const loud = await sim.say({ from: alice.openId, chatId: GROUP, text: '@AirGate status' });
    expect(loud.delivered).toBe(true);
    expect(bot.received.length).toBe(before + 1);
    const data = bot.received.at(-1) as {
      message: { content: string; mentions: Array<{ key: string; id: { open_id: string } }> };
    };
    expect(JSON.parse(data.message.content)).toEqual({ text: '@_user_1 status' });
    expect(data.message.mentions[0]).toMatchObject({ key: '@_user_1', id: { open_id: sim.bot.openId } });
  });

  it('applies a callback answer: toast to the clicker, card replaced for everyone', async () => {
    const client = sdkClient(sim.url);
    const sent = await client.im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: {
        receive_id: GROUP,
        msg_type: 'interactive',
        content: JSON.stringify(simpleCard('Approve?', [button('Approve', { a: 'approve', v: 1 })])),
      },
    });
    const messageId = sent.data?.message_id ?? '';
    const result = await sim.click({ from: bob.openId, messageId, value: { a: 'approve', v: 1 } });
    expect(result.error).toBeUndefined();
    expect(result.toast).toEqual({ type: 'success', content: 'Approved' });
    expect(result.cardUpdated).toBe(true);
    expect(sim.message(messageId)?.card).toMatchObject({ header: { title: { content: 'Approved' } } });
    const data = bot.received.at(-1) as {
      token: string;
      operator: { open_id: string };
      context: { open_message_id: string };
    };
    expect(data.token).toMatch(/^c-/);
    expect(data.operator.open_id).toBe(bob.openId);
    expect(data.context.open_message_id).toBe(messageId);
  });
});
