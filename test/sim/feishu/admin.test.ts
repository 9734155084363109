import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../../src/sim/feishu/server.js';
import { alice, bob, sdkClient, simpleCard, startSdkBot, testApp, type Bot } from './support.js';

describe('the /__sim/ admin endpoints (a simulator driven from another process)', () => {
  let sim: FeishuSim;
  let bot: Bot;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/__sim${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of several shapes, checked by each test
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    bot = await startSdkBot({ 'im.message.receive_v1': () => undefined });
    sim = await startFeishuSim({ app: testApp });
  });
  afterAll(async () => {
    await sim?.close();
    await bot?.close();
  });

  it('seeds users and a group, points events at the bot, and says a line in the group', async () => {
    expect((await api('POST', '/users', { users: [alice, bob] })).status).toBe(200);
    const chats = await api('POST', '/chats', {
      chatId: 'oc_admin',
      name: 'Ops',
      type: 'group',
      members: [alice.openId, bob.openId],
    });
    expect(chats.body).toEqual([
      {
        chatId: 'oc_admin',
        name: 'Ops',
        type: 'group',
        members: [alice.openId, bob.openId],
        botIsMember: true,
      },
    ]);
    expect((await api('PUT', '/event-url', { url: bot.url })).body).toEqual({ eventUrl: bot.url });
    const said = await api('POST', '/say', { from: 'Alice', chatId: 'oc_admin', text: '@AirGate ping' });
    expect(said.body).toMatchObject({ delivered: true, status: 204, chatId: 'oc_admin' });
    expect((await api('GET', `/deliveries?eventId=${String(said.body.eventId)}`)).body).toHaveLength(1);
  });

  it('answers 404 with a reason for an unknown user', async () => {
    expect(await api('POST', '/say', { from: 'nobody', text: 'x' })).toEqual({
      status: 404,
      body: { error: 'unknown user nobody; seed it first' },
    });
  });

  it("long-polls the feed until the bot posts, and lists the bot's messages with their card", async () => {
    const { lastSeq } = (await api('GET', '/info')).body as { lastSeq: number };
    const waiting = api('GET', `/feed?after=${lastSeq}&waitMs=3000&chatId=oc_admin`);
    await new Promise((r) => setTimeout(r, 100));
    await sdkClient(sim.url).im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_admin', msg_type: 'interactive', content: JSON.stringify(simpleCard('pong')) },
    });
    const feed = (await waiting).body as { items: Array<{ kind: string; messageId: string }> };
    expect(feed.items.map((i) => i.kind)).toEqual(['message']);
    const listed = (await api('GET', '/messages?chatId=oc_admin')).body as Array<{
      messageId: string;
      card: unknown;
    }>;
    expect(listed.map((m) => m.messageId)).toEqual([feed.items[0]?.messageId]);
    expect(listed[0]?.card).toEqual(simpleCard('pong'));
  });

  it('sets an outage for a simulated period and moves the clock past it', async () => {
    const faults = (await api('PUT', '/faults', { outageForMs: 600_000, outageKind: '503' })).body as {
      outageUntil: string;
    };
    expect(new Date(faults.outageUntil).getTime()).toBeGreaterThan(Date.now() + 590_000);
    const down = await fetch(`${sim.url}/open-apis/im/v1/chats`);
    expect(down.status).toBe(503);
    await api('POST', '/clock/advance', { ms: 600_000 });
    expect((await fetch(`${sim.url}/open-apis/im/v1/chats`)).status).toBe(400); // up again: no token → 99991661
  });
});
