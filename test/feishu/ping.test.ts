import { In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeishuOutboxMessage } from '../../src/db/entities/feishuOutboxMessage.js';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { eventually, simClock, startAirGate, testApp, type AirGate } from './support/harness.js';

const LEAD = 'ou_lead0000000000000000000000000001';
const APPROVER = 'ou_appr0000000000000000000000000002';
const OUTSIDER = 'ou_outs0000000000000000000000000003';
const GROUP = 'oc_group000000000000000000000000001';

describe.each(dbKinds())('the bot over HTTP on %s', (kind) => {
  let db: TestDatabase;
  let sim: FeishuSim;
  let airgate: AirGate;
  const clicks: unknown[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sim = await startFeishuSim({ app: testApp });
    sim.seedUsers([
      { openId: LEAD, name: 'Lead' },
      { openId: APPROVER, name: 'Approver' },
      { openId: OUTSIDER, name: 'Outsider' },
    ]);
    sim.seedChat({ chatId: GROUP, name: 'ops', type: 'group', members: [LEAD, APPROVER] });
    airgate = await startAirGate({
      database: db.config,
      baseUrl: sim.url,
      clock: simClock(sim),
      feishu: { botOpenId: sim.bot.openId },
    });
    sim.setEventUrl(`${airgate.url}/feishu/events`);
    airgate.feishu.router
      .command({
        names: ['card'],
        run: (ctx) =>
          ctx.reply({
            card: {
              schema: '2.0',
              config: { update_multi: true },
              header: { title: { tag: 'plain_text', content: 'Approve?' }, template: 'orange' },
              body: {
                elements: [
                  {
                    tag: 'button',
                    text: { tag: 'plain_text', content: 'Approve' },
                    type: 'primary',
                    behaviors: [{ type: 'callback', value: { a: 'test.approve', v: 1, request: 'req_1' } }],
                  },
                ],
              },
            },
          }),
      })
      .action({
        id: 'test.approve',
        run: async (ctx) => {
          clicks.push({ actor: ctx.actor, value: ctx.value, messageId: ctx.messageId, chatId: ctx.chatId });
          return { toast: { type: 'success', content: `approved by ${ctx.actor.openId}` } };
        },
      });
  });
  afterAll(async () => {
    await airgate?.close();
    await sim?.close();
    await db?.drop();
  });

  it('answers `ping` in a private chat with `pong`', async () => {
    const said = await sim.say({ from: LEAD, text: 'ping' });
    expect(said).toMatchObject({ status: 200, delivered: true });
    await eventually('pong', () => sim.messages({ openId: LEAD }).some((m) => m.text === 'pong'));
    const pong = sim.messages({ openId: LEAD }).find((m) => m.text === 'pong')!;
    expect(pong.parentId).toBe(said.messageId);
  });

  it('answers an @mention in a group, as a reply to that message', async () => {
    const said = await sim.say({ from: APPROVER, chatId: GROUP, text: '@AirGate  PING' });
    expect(said.delivered).toBe(true);
    await eventually('pong in the group', () =>
      sim.messages({ chatId: GROUP }).some((m) => m.parentId === said.messageId),
    );
    expect(sim.messages({ chatId: GROUP }).find((m) => m.parentId === said.messageId)?.text).toBe('pong');
  });

  it('tells the user about an unknown command, in Chinese', async () => {
    const said = await sim.say({ from: LEAD, text: '/frobnicate now' });
    await eventually('answer', () =>
      sim.messages({ openId: LEAD }).some((m) => m.parentId === said.messageId),
    );
    expect(sim.messages({ openId: LEAD }).find((m) => m.parentId === said.messageId)?.text).toContain(
      '未知命令「frobnicate」',
    );
  });

  it('hands a button click to its action with the operator, and shows the toast it returns', async () => {
    const said = await sim.say({ from: APPROVER, chatId: GROUP, text: '@AirGate card' });
    await eventually('card', () =>
      sim.messages({ chatId: GROUP }).some((m) => m.parentId === said.messageId && m.card),
    );
    const card = sim.messages({ chatId: GROUP }).find((m) => m.parentId === said.messageId)!;
    const res = await sim.click({
      from: LEAD,
      messageId: card.messageId,
      value: { a: 'test.approve', v: 1, request: 'req_1' },
    });
    expect(res.error).toBeUndefined();
    expect(res.toast).toMatchObject({ type: 'success', content: `approved by ${LEAD}` });
    expect(clicks.at(-1)).toMatchObject({
      actor: { openId: LEAD },
      value: { a: 'test.approve', request: 'req_1' },
      messageId: card.messageId,
      chatId: GROUP,
    });
  });

  it('runs a bot-menu click as the command named by its key, answering in private', async () => {
    const pressed = await sim.menu({ from: OUTSIDER, eventKey: 'ping' });
    expect(pressed.delivered).toBe(true);
    await eventually('pong to the menu user', () =>
      sim.messages({ openId: OUTSIDER }).some((m) => m.text === 'pong'),
    );
  });

  it('ignores its own messages and group messages that do not mention it', async () => {
    const event = (
      eventId: string,
      sender: { open_id: string; type: string },
      text: string,
      mentions: unknown[],
    ) => ({
      schema: '2.0',
      header: { event_id: eventId, event_type: 'im.message.receive_v1', token: testApp.verificationToken },
      event: {
        sender: { sender_id: { open_id: sender.open_id }, sender_type: sender.type },
        message: {
          message_id: `om_${eventId}`,
          chat_id: GROUP,
          chat_type: 'group',
          message_type: 'text',
          content: JSON.stringify({ text }),
          mentions,
        },
      },
    });
    const botMention = { key: '@_user_1', id: { open_id: sim.bot.openId }, name: 'AirGate' };
    const before = sim.messages({ chatId: GROUP }).length;
    const d = airgate.feishu.receiver.dispatcher;
    await d.invoke(event('e_own', { open_id: sim.bot.openId, type: 'user' }, '@_user_1 ping', [botMention]), {
      needCheck: false,
    });
    await d.invoke(event('e_app', { open_id: 'ou_otherbot', type: 'app' }, '@_user_1 ping', [botMention]), {
      needCheck: false,
    });
    await d.invoke(event('e_nomention', { open_id: LEAD, type: 'user' }, 'ping', []), { needCheck: false });
    await d.invoke(event('e_mention', { open_id: LEAD, type: 'user' }, '@_user_1 ping', [botMention]), {
      needCheck: false,
    });
    await airgate.feishu.processor.idle();
    // Only the mention got an answer queued (a reply to a message the simulator never saw: it fails there).
    const answered = await airgate.db.getRepository(FeishuOutboxMessage).find({
      where: { dedupeKey: In(['e_own', 'e_app', 'e_nomention', 'e_mention'].map((e) => `evt:${e}:0`)) },
    });
    expect(answered.map((r) => r.dedupeKey)).toEqual(['evt:e_mention:0']);
    expect(sim.messages({ chatId: GROUP })).toHaveLength(before);
  });

  it('keeps no secret in its logs', () => {
    const all = airgate.logs.join('\n');
    for (const secret of [testApp.appSecret, testApp.encryptKey, testApp.verificationToken]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toMatch(/t-[A-Za-z0-9]{20,}/);
  });
});
