import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../../src/sim/feishu/server.js';
import { alice, bob, button, sdkClient, simpleCard, startSdkBot, testApp, type Bot } from './support.js';

const GROUP = 'oc_group_callbacks';
const carol = { openId: 'ou_carol000000000000000000000000000', name: 'Carol' };

describe('card callbacks', () => {
  let sim: FeishuSim;
  let bot: Bot;
  let mode: 'toast' | 'badCard' | 'slow' | 'crash' | 'empty' = 'toast';
  const tokens: string[] = [];

  beforeAll(async () => {
    bot = await startSdkBot({
      'card.action.trigger': async (d) => {
        tokens.push(String(d.token));
        if (mode === 'slow') await new Promise((r) => setTimeout(r, 400));
        if (mode === 'crash') throw new Error('handler failed');
        if (mode === 'badCard') return { card: { type: 'raw', data: { elements: [] } } };
        if (mode === 'empty') return {};
        return { toast: { type: 'info', content: 'Recorded' } };
      },
    });
    sim = await startFeishuSim({ app: testApp, eventUrl: bot.url, ackTimeoutMs: 200 });
    sim.seedUsers([alice, bob, carol]);
    sim.seedChat({ chatId: GROUP, name: 'Ops', type: 'group', members: [alice.openId, bob.openId] });
  });
  afterAll(async () => {
    await sim?.close();
    await bot?.close();
  });

  const sendCard = async (card: unknown) => {
    await sim.advance(1000); // stay under the group's 5 messages per second
    const res = await sdkClient(sim.url).im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: GROUP, msg_type: 'interactive', content: JSON.stringify(card) },
    });
    return String(res.data?.message_id);
  };
  const approveCard = simpleCard('Approve?', [button('Approve', { a: 'approve', v: 1 })]);

  it('shows the toast only to the user who clicked', async () => {
    mode = 'toast';
    const id = await sendCard(approveCard);
    const from = sim.feed(0).at(-1)?.seq ?? 0;
    const res = await sim.click({ from: alice.openId, messageId: id, value: { a: 'approve', v: 1 } });
    expect(res).toMatchObject({ status: 200, toast: { content: 'Recorded' }, cardUpdated: false });
    expect(sim.feed(from, { openId: alice.openId }).map((f) => f.kind)).toEqual(['toast']);
    expect(sim.feed(from, { openId: bob.openId })).toEqual([]);
  });

  it('refuses an answer card that breaks the card rules (200673) and keeps the card', async () => {
    mode = 'badCard';
    const id = await sendCard(approveCard);
    const res = await sim.click({ from: alice.openId, messageId: id, value: { a: 'approve', v: 1 } });
    expect(res.error?.code).toBe(200673);
    expect(sim.message(id)?.card).toEqual(approveCard);
  });

  it('reports 200341 when the bot answers too late, and 200671 when it answers 5xx', async () => {
    const id = await sendCard(approveCard);
    mode = 'slow';
    expect(
      (await sim.click({ from: alice.openId, messageId: id, value: { a: 'approve', v: 1 } })).error?.code,
    ).toBe(200341);
    mode = 'crash';
    const crashed = await sim.click({ from: alice.openId, messageId: id, value: { a: 'approve', v: 1 } });
    expect(crashed.error?.code).toBe(200671);
  });

  it('only lets members click, and only components that are on the card', async () => {
    mode = 'toast';
    const id = await sendCard(approveCard);
    await expect(
      sim.click({ from: carol.openId, messageId: id, value: { a: 'approve', v: 1 } }),
    ).rejects.toThrow(/cannot see/);
    await expect(
      sim.click({ from: alice.openId, messageId: id, value: { a: 'approve', v: 2 } }),
    ).rejects.toThrow(/no component/);
    const forged = await sim.click({
      from: alice.openId,
      messageId: id,
      value: { a: 'approve', v: 2 },
      allowUnknownValue: true,
    });
    expect(forged.status).toBe(200);
    expect(bot.received.at(-1)).toMatchObject({ action: { value: { a: 'approve', v: 2 } } });
  });

  it('submits a form by its button name with the form values', async () => {
    mode = 'empty';
    const id = await sendCard(
      simpleCard('Request quota', [
        {
          tag: 'form',
          name: 'req',
          elements: [
            { tag: 'input', name: 'amount', placeholder: { tag: 'plain_text', content: 'CNY' } },
            {
              tag: 'button',
              name: 'send',
              text: { tag: 'plain_text', content: 'Send' },
              form_action_type: 'submit',
              behaviors: [{ type: 'callback', value: { a: 'quota.request' } }],
            },
          ],
        },
      ]),
    );
    const res = await sim.click({
      from: bob.openId,
      messageId: id,
      name: 'send',
      formValue: { amount: '100.00' },
    });
    expect(res).toMatchObject({ status: 200, answer: {} });
    expect(bot.received.at(-1)).toMatchObject({
      action: {
        tag: 'button',
        name: 'send',
        value: { a: 'quota.request' },
        form_value: { amount: '100.00' },
      },
    });
  });

  it('accepts a delayed update twice per token within 30 minutes', async () => {
    mode = 'empty';
    const id = await sendCard(approveCard);
    await sim.click({ from: alice.openId, messageId: id, value: { a: 'approve', v: 1 } });
    const token = tokens.at(-1);
    const client = sdkClient(sim.url);
    const update = (title: string, t = token) =>
      client
        .request({
          method: 'POST',
          url: '/open-apis/interactive/v1/card/update',
          data: { token: t, card: simpleCard(title, [button('Approve', { a: 'approve', v: 1 })]) },
        })
        .then(
          (r: { code: number }) => r.code,
          (e: { response: { data: { code: number } } }) => e.response.data.code,
        );
    expect(await update('first')).toBe(0);
    expect(await update('second')).toBe(0);
    expect(await update('third')).toBe(230001);
    expect(sim.message(id)?.card).toMatchObject({ header: { title: { content: 'second' } } });
    expect(sim.message(id)?.updates.map((u) => u.via)).toEqual(['delayed', 'delayed']);

    await sim.click({ from: alice.openId, messageId: id, value: { a: 'approve', v: 1 } });
    const fresh = tokens.at(-1);
    await sim.advance(30 * 60 * 1000);
    expect(await update('late', fresh)).toBe(230001);
  });
});
