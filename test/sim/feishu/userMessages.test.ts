import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../../src/sim/feishu/server.js';
import { alice, bob, sdkClient, startSdkBot, testApp, type Bot } from './support.js';

const GROUP = 'oc_group_user_messages';

type Message = {
  message_type: string;
  content: string;
  mentions?: Array<{ key: string; id: { open_id: string }; name: string }>;
};

describe('what people send, as the bot receives it', () => {
  let sim: FeishuSim;
  let bot: Bot;
  const last = (): Message => (bot.received.at(-1) as { message: Message }).message;

  beforeAll(async () => {
    sim = await startFeishuSim({ app: testApp, botName: 'AirGate' });
    sim.seedUsers([alice, bob]);
    sim.seedChat({ chatId: GROUP, name: 'ops', type: 'group', members: [alice.openId, bob.openId] });
    bot = await startSdkBot({ 'im.message.receive_v1': () => undefined });
    sim.setEventUrl(bot.url);
  });
  afterAll(async () => {
    await bot?.close();
    await sim?.close();
  });

  it('numbers @_user_N in order of appearance, the bot included', async () => {
    const r = await sim.say({ from: alice.openId, chatId: GROUP, text: '@Bob @AirGate help @Bob' });
    expect(r.delivered).toBe(true);
    const m = last();
    expect(JSON.parse(m.content)).toEqual({ text: '@_user_1 @_user_2 help @_user_3' });
    expect(m.mentions?.map((x) => [x.key, x.id.open_id])).toEqual([
      ['@_user_1', bob.openId],
      ['@_user_2', sim.bot.openId],
      ['@_user_3', bob.openId],
    ]);
  });

  it('puts an explicit mention missing from the text in front', async () => {
    await sim.say({ from: alice.openId, chatId: GROUP, text: 'ask @Bob', mentions: [sim.bot.openId] });
    expect(JSON.parse(last().content)).toEqual({ text: '@_user_1 ask @_user_2' });
  });

  it('delivers rich text as post content with @ elements, and images with only a key', async () => {
    await sim.say({
      from: alice.openId,
      chatId: GROUP,
      msgType: 'post',
      title: 'T',
      text: '@AirGate 帮助\nline two',
    });
    const m = last();
    expect(m.message_type).toBe('post');
    expect(JSON.parse(m.content)).toEqual({
      title: 'T',
      content: [
        [
          { tag: 'at', user_id: '@_user_1', user_name: '', style: [] },
          { tag: 'text', text: ' 帮助', style: [] },
        ],
        [{ tag: 'text', text: 'line two', style: [] }],
      ],
    });
    await sim.say({ from: alice.openId, msgType: 'image', text: '' });
    expect(last().message_type).toBe('image');
    expect(Object.keys(JSON.parse(last().content) as object)).toEqual(['image_key']);
  });

  it('pushes nothing the app has no scope for: DMs need im:message.p2p_msg:readonly', async () => {
    const granted = sim.scopes();
    try {
      sim.setScopes(granted.filter((s) => s !== 'im:message.p2p_msg:readonly'));
      const before = bot.received.length;
      const dm = await sim.say({ from: alice.openId, text: 'help' });
      expect(dm.delivered).toBe(false);
      const group = await sim.say({ from: alice.openId, chatId: GROUP, text: '@AirGate help' });
      expect(group.delivered).toBe(true);
      sim.setScopes(['im:message.p2p_msg:readonly']);
      const groupWithout = await sim.say({ from: alice.openId, chatId: GROUP, text: '@AirGate help' });
      expect(groupWithout.delivered).toBe(false);
      expect(bot.received.length).toBe(before + 1);
    } finally {
      sim.setScopes(granted);
    }
  });

  it('lists the granted scopes at /open-apis/application/v6/scopes, as the SDK reads them', async () => {
    const res = await sdkClient(sim.url).application.v6.scope.list();
    expect(res.code).toBe(0);
    const names = res.data?.scopes?.filter((s) => s.grant_status === 1).map((s) => s.scope_name);
    expect(names).toContain('im:message.p2p_msg:readonly');
    expect(names).toContain('im:message.group_at_msg:readonly');
  });
});
