import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { eventually, simClock, startAirGate, testApp, type AirGate } from './support/harness.js';

const USER = 'ou_user0000000000000000000000000001';

describe.each(dbKinds())('FEISHU_EVENT_MODE=ws on %s', (kind) => {
  let db: TestDatabase;
  let sim: FeishuSim;
  let airgate: AirGate;
  const seen: Array<{ source: string; text: string; actor: string }> = [];

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sim = await startFeishuSim({ app: testApp });
    sim.seedUsers([{ openId: USER, name: 'User' }]);
    airgate = await startAirGate({ database: db.config, baseUrl: sim.url, clock: simClock(sim), mode: 'ws' });
    airgate.feishu.router
      .command({
        names: ['echo'],
        run: async (ctx) => {
          seen.push({ source: ctx.source, text: ctx.command.rest, actor: ctx.actor.openId });
          await ctx.reply({
            card: {
              schema: '2.0',
              config: { update_multi: true },
              header: { title: { tag: 'plain_text', content: ctx.command.rest } },
              body: {
                elements: [
                  {
                    tag: 'button',
                    text: { tag: 'plain_text', content: 'OK' },
                    behaviors: [{ type: 'callback', value: { a: 'test.ok' } }],
                  },
                ],
              },
            },
          });
        },
      })
      .action({
        id: 'test.ok',
        run: async (ctx) => ({ toast: { type: 'success', content: `ok ${ctx.actor.openId}` } }),
      });
    // The simulator sees the socket before the SDK has attached its frame handler: wait for both.
    await eventually(
      'the long connection',
      () => sim.wsConnections() === 1 && airgate.feishu.longConnectionReady(),
      10_000,
    );
  });
  afterAll(async () => {
    await airgate?.close();
    await sim?.close();
    await db?.drop();
  });

  it('has no HTTP event route', async () => {
    const res = await fetch(`${airgate.url}/feishu/events`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });

  it('hands a message from the long connection to the same command handler', async () => {
    const said = await sim.say({ from: USER, text: 'ping' });
    expect(said.delivered).toBe(true);
    expect(sim.deliveries(said.eventId)[0]?.transport).toBe('ws');
    await eventually('pong', () => sim.messages({ openId: USER }).some((m) => m.text === 'pong'));
    expect((await airgate.feishu.inbox.get(said.eventId))?.source).toBe('ws');
  });

  it('answers a card click over the long connection', async () => {
    const said = await sim.say({ from: USER, text: 'echo hello ws' });
    await eventually('card', () => sim.messages({ openId: USER }).some((m) => m.parentId === said.messageId));
    expect(seen.at(-1)).toEqual({ source: 'message', text: 'hello ws', actor: USER });
    const card = sim.messages({ openId: USER }).find((m) => m.parentId === said.messageId)!;
    const res = await sim.click({ from: USER, messageId: card.messageId, value: { a: 'test.ok' } });
    expect(res.error).toBeUndefined();
    expect(res.toast).toMatchObject({ type: 'success', content: `ok ${USER}` });
  });

  it('runs a redelivered event once', async () => {
    const before = sim.messages({ openId: USER }).filter((m) => m.text === 'pong').length;
    const said = await sim.say({ from: USER, text: 'ping' });
    await eventually(
      'pong',
      () => sim.messages({ openId: USER }).filter((m) => m.text === 'pong').length === before + 1,
    );
    // The same event again, straight into the SDK dispatcher the WSClient feeds.
    const row = await airgate.feishu.inbox.get(said.eventId);
    expect(row).not.toBeNull();
    await airgate.feishu.receiver.dispatcher.invoke(
      {
        schema: '2.0',
        header: {
          event_id: said.eventId,
          event_type: 'im.message.receive_v1',
          token: testApp.verificationToken,
        },
        event: {
          sender: { sender_id: { open_id: USER }, sender_type: 'user' },
          message: {
            message_id: said.messageId,
            chat_id: said.chatId,
            chat_type: 'p2p',
            message_type: 'text',
            content: '{"text":"ping"}',
          },
        },
      },
      { needCheck: false },
    );
    await airgate.feishu.processor.idle();
    await airgate.feishu.relay.runOnce();
    expect(sim.messages({ openId: USER }).filter((m) => m.text === 'pong')).toHaveLength(before + 1);
  });
});
