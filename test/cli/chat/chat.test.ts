import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInteractive } from '../../../src/cli/chat/interactive.js';
import { formatScript, runScript, type ScriptOptions } from '../../../src/cli/chat/script.js';
import { ChatSession } from '../../../src/cli/chat/session.js';
import { SimClient } from '../../../src/cli/chat/simClient.js';
import { startFeishuSim, type FeishuSim } from '../../../src/sim/feishu/server.js';
import {
  alice,
  bob,
  button,
  sdkClient,
  simpleCard,
  startSdkBot,
  testApp,
  type Bot,
} from '../../sim/feishu/support.js';

const GROUP = 'oc_chat_test_group';
const base: ScriptOptions = { form: {}, mentionBot: true, timeoutMs: 3000, quietMs: 300 };

const decisionCard = simpleCard('Quota request: 100.00', [
  button('Approve', { a: 'approve' }),
  button('Reject', { a: 'reject' }, 'danger'),
  {
    tag: 'form',
    name: 'note',
    elements: [
      { tag: 'input', name: 'reason', placeholder: { tag: 'plain_text', content: 'Reason' } },
      {
        tag: 'button',
        name: 'send',
        text: { tag: 'plain_text', content: 'Send note' },
        form_action_type: 'submit',
        behaviors: [{ type: 'callback', value: { a: 'note' } }],
      },
    ],
  },
]);

describe('airgate chat against a simulator and an SDK bot', () => {
  let sim: FeishuSim;
  let bot: Bot;

  beforeAll(async () => {
    sim = await startFeishuSim({ app: testApp });
    sim.seedUsers([alice, bob]);
    sim.seedChat({ chatId: GROUP, name: 'Ops', type: 'group', members: [alice.openId, bob.openId] });
    const client = sdkClient(sim.url);
    bot = await startSdkBot({
      // Like AirGate: acknowledge first, answer afterwards through the Open API.
      'im.message.receive_v1': (d) => {
        const m = d.message as { chat_id: string; content: string };
        const text = String((JSON.parse(m.content) as { text: string }).text);
        setTimeout(() => {
          const reply = text.endsWith('ping')
            ? { msg_type: 'text', content: JSON.stringify({ text: 'pong' }) }
            : { msg_type: 'interactive', content: JSON.stringify(decisionCard) };
          void client.im.v1.message.create({
            params: { receive_id_type: 'chat_id' },
            data: { receive_id: m.chat_id, ...reply },
          });
        }, 50);
      },
      'card.action.trigger': (d) => {
        const action = d.action as { value: { a: string }; form_value?: { reason?: string } };
        if (action.value.a === 'approve') {
          return {
            toast: { type: 'success', content: 'Approved', i18n: { zh_cn: '已批准', en_us: 'Approved' } },
            card: { type: 'raw', data: simpleCard('Approved by Alice') },
          };
        }
        if (action.value.a === 'note')
          return { toast: { type: 'info', content: `note: ${action.form_value?.reason ?? ''}` } };
        return { toast: { type: 'warning', content: 'Rejected' } };
      },
    });
    sim.setEventUrl(bot.url);
  });
  afterAll(async () => {
    await sim?.close();
    await bot?.close();
  });

  const session = (as: string, chat?: string, locale: 'zh' | 'en' = 'en') =>
    ChatSession.open(new SimClient(sim.url, (u) => `unreachable ${u}`), { as, chat, locale });

  it("says ping in the direct chat and prints the bot's pong", async () => {
    const s = await session('Alice');
    const result = await runScript(s, { ...base, say: 'ping' });
    expect(result.sent?.delivered).toBe(true);
    expect(formatScript(s, result)).toEqual(['🤖 AirGate:', '  pong']);
  });

  it('in a group mentions the bot, draws the card, and a number presses its button', async () => {
    const s = await session('alice', 'Ops');
    const asked = await runScript(s, { ...base, say: 'request 100' });
    expect(asked.sent?.delivered).toBe(true);
    const text = formatScript(s, asked);
    expect(text).toContain('  ■ Quota request: 100.00');
    expect(text).toContain('  [1] Approve   [2] Reject!');
    await sim.advance(1000);
    const clicked = await runScript(s, { ...base, click: '1' });
    expect(clicked.clicked).toMatchObject({ label: 'Approve', status: 200, cardUpdated: true });
    expect(formatScript(s, clicked)).toEqual([
      '🤖 AirGate (card updated):',
      '  ■ Approved by Alice',
      '  Approved by Alice',
      '  💬 toast: Approved',
    ]);
  });

  it('presses a button by its label and submits a form with --form values', async () => {
    const s = await session(bob.openId, GROUP, 'zh');
    await sim.advance(1000);
    await runScript(s, { ...base, say: 'another' });
    const rejected = await runScript(s, { ...base, click: 'reject' });
    expect(rejected.replies).toEqual([
      {
        kind: 'toast',
        messageId: rejected.clicked?.messageId,
        toast: { type: 'warning', content: 'Rejected' },
        text: 'Rejected',
      },
    ]);
    const noted = await runScript(s, { ...base, click: 'Send note', form: { reason: 'too much' } });
    expect(noted.clicked?.toast).toEqual({ type: 'info', content: 'note: too much' });
  });

  it('tells the user that a group message without @ does not reach the bot', async () => {
    const s = await session('Alice', GROUP, 'zh');
    const result = await runScript(s, { ...base, say: 'hello all', mentionBot: false });
    expect(result.sent?.delivered).toBe(false);
    expect(formatScript(s, result)).toEqual(['（群聊中没有 @机器人，机器人收不到这条消息）']);
  });

  it('runs interactively: a typed line reaches the bot, its card appears numbered, a number presses it', async () => {
    const s = await session('Bob', 'Ops');
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = '';
    output.on('data', (c: Buffer) => (screen += c.toString()));
    const waitFor = async (text: string) => {
      const end = Date.now() + 5000;
      while (!screen.includes(text)) {
        if (Date.now() > end) throw new Error(`"${text}" never appeared in:\n${screen}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    await sim.advance(1000);
    const done = runInteractive(s, { input, output });
    await waitFor('You are Bob in "Ops"');
    const before = screen.length;
    input.write('request 50\n');
    await waitFor('Quota request: 100.00');
    const numbers = [...screen.slice(before).matchAll(/\[(\d+)\] Approve/g)].map((m) => m[1]);
    expect(numbers).toHaveLength(1);
    input.write(`${numbers[0]}\n`);
    await waitFor('💬 toast: Approved');
    await waitFor('(card updated)');
    input.write('/quit\n');
    await done;
  });

  it('refuses an unknown user with a usage error', async () => {
    await expect(session('Mallory')).rejects.toThrow('no user Mallory in the simulator');
  });
});
