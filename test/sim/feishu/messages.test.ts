import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFeishuSim, type FeishuSim } from '../../../src/sim/feishu/server.js';
import { alice, bob, button, sdkClient, simpleCard, testApp } from './support.js';

const GROUP = 'oc_group_ops';
const OUTSIDE = 'oc_group_bot_not_member';

type Reply = {
  status: number;
  body: { code: number; msg: string; data?: Record<string, unknown> };
  headers: Headers;
};

describe('IM Open API of the simulator', () => {
  let sim: FeishuSim;
  let token: string;

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    auth = `Bearer ${token}`,
  ): Promise<Reply> => {
    const res = await fetch(`${sim.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: auth },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Reply['body'], headers: res.headers };
  };
  const send = (receiveId: string, card: unknown, extra: Record<string, unknown> = {}, type = 'chat_id') =>
    call('POST', `/open-apis/im/v1/messages?receive_id_type=${type}`, {
      receive_id: receiveId,
      msg_type: 'interactive',
      content: JSON.stringify(card),
      ...extra,
    });
  const fetchToken = async () => {
    const res = await fetch(`${sim.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: testApp.appId, app_secret: testApp.appSecret }),
    });
    return (await res.json()) as { code: number; tenant_access_token: string; expire: number };
  };

  beforeAll(async () => {
    sim = await startFeishuSim({ app: testApp });
    sim.seedUsers([alice, bob]);
    sim.seedChat({ chatId: GROUP, name: 'Ops', type: 'group', members: [alice.openId, bob.openId] });
    sim.seedChat({
      chatId: OUTSIDE,
      name: 'Elsewhere',
      type: 'group',
      members: [alice.openId],
      botIsMember: false,
    });
  });
  beforeEach(async () => {
    await sim.advance(2000); // leave every 1-second rate window behind
    token = (await fetchToken()).tenant_access_token;
  });
  afterAll(async () => sim?.close());

  it('answers a send with the message object in {code,msg,data}', async () => {
    const res = await send(GROUP, simpleCard('Hi'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: 0,
      msg: 'success',
      data: {
        msg_type: 'interactive',
        chat_id: GROUP,
        deleted: false,
        updated: false,
        sender: { id: testApp.appId, id_type: 'app_id', sender_type: 'app' },
        body: { content: JSON.stringify(simpleCard('Hi')) },
      },
    });
    expect(res.body.data?.message_id).toMatch(/^om_[0-9a-f]{32}$/);
  });

  it('sends to a user by open_id into the p2p chat with the bot', async () => {
    const res = await send(alice.openId, simpleCard('DM'), {}, 'open_id');
    expect(res.body.code).toBe(0);
    const dms = sim.messages({ openId: alice.openId });
    expect(dms.at(-1)?.messageId).toBe(res.body.data?.message_id);
    expect(dms.at(-1)?.chatType).toBe('p2p');
  });

  it('refuses an invalid card with HTTP 400 and 230099, naming the path', async () => {
    const res = await send(GROUP, {
      ...simpleCard('x'),
      body: { elements: [{ tag: 'note', elements: [] }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(230099);
    expect(res.body.msg).toContain('ErrCode: 200861; ErrPath: ROOT -> body -> elements -> [0](tag: note)');
    expect(sim.messages({ chatId: GROUP }).some((m) => JSON.stringify(m.card).includes('"note"'))).toBe(
      false,
    );
  });

  it('refuses a card over 30 KB with 230025', async () => {
    const res = await send(GROUP, simpleCard('x'.repeat(31 * 1024)));
    expect([res.status, res.body.code]).toEqual([400, 230025]);
  });

  it('refuses a chat the bot is not in with 230002, as the SDK sees it (AxiosError 400)', async () => {
    const client = sdkClient(sim.url);
    const err = await client.im.v1.message
      .create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: OUTSIDE, msg_type: 'text', content: '{"text":"x"}' },
      })
      .catch((e: { response?: { status: number; data: { code: number; msg: string } } }) => e);
    expect(err).toMatchObject({
      response: { status: 400, data: { code: 230002, msg: 'Bot/User can NOT be out of the chat.' } },
    });
  });

  it('posts once per uuid: a retry after a lost answer returns the same message', async () => {
    const first = await send(GROUP, simpleCard('Once'), { uuid: 'airgate-outbox-42' });
    const again = await send(GROUP, simpleCard('Once'), { uuid: 'airgate-outbox-42' });
    expect(again.body.data?.message_id).toBe(first.body.data?.message_id);
    expect(sim.messages({ chatId: GROUP }).filter((m) => m.uuid === 'airgate-outbox-42')).toHaveLength(1);
  });

  it('limits a chat to 5 messages per second with 230020, then lets it through again', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i += 1) codes.push((await send(GROUP, simpleCard(`n${i}`))).body.code);
    expect(codes).toEqual([0, 0, 0, 0, 0, 230020]);
    await sim.advance(1000);
    expect((await send(GROUP, simpleCard('after'))).body.code).toBe(0);
  });

  it('PATCHes a card in place, refuses non-cards, and stops after 14 days', async () => {
    const id = String(
      (await send(GROUP, simpleCard('v1', [button('Go', { a: 'go' })]))).body.data?.message_id,
    );
    const patched = await call('PATCH', `/open-apis/im/v1/messages/${id}`, {
      content: JSON.stringify(simpleCard('v2')),
    });
    expect(patched.body).toMatchObject({ code: 0, data: {} });
    const msg = sim.message(id);
    expect(msg?.card).toMatchObject({ header: { title: { content: 'v2' } } });
    expect(msg?.updates.map((u) => u.via)).toEqual(['patch']);
    const bad = await call('PATCH', `/open-apis/im/v1/messages/${id}`, {
      content: JSON.stringify({ elements: [] }),
    });
    expect(bad.body.code).toBe(230099);
    const text = await call('POST', '/open-apis/im/v1/messages?receive_id_type=chat_id', {
      receive_id: GROUP,
      msg_type: 'text',
      content: JSON.stringify({ text: 'hello' }),
    });
    const onText = await call('PATCH', `/open-apis/im/v1/messages/${String(text.body.data?.message_id)}`, {
      content: JSON.stringify(simpleCard('x')),
    });
    expect(onText.body.code).toBe(230001);
    await sim.advance(14 * 24 * 3600 * 1000 + 1000);
    token = (await fetchToken()).tenant_access_token;
    const late = await call('PATCH', `/open-apis/im/v1/messages/${id}`, {
      content: JSON.stringify(simpleCard('v3')),
    });
    expect([late.status, late.body.code]).toEqual([400, 230031]);
  });

  it('limits PATCH to 5 per second per message', async () => {
    const id = String((await send(GROUP, simpleCard('busy'))).body.data?.message_id);
    const codes: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      codes.push(
        (
          await call('PATCH', `/open-apis/im/v1/messages/${id}`, {
            content: JSON.stringify(simpleCard(`p${i}`)),
          })
        ).body.code,
      );
    }
    expect(codes).toEqual([0, 0, 0, 0, 0, 230020]);
  });

  it('replies in the same chat and answers 230011 for a recalled message', async () => {
    const parent = String((await send(GROUP, simpleCard('parent'))).body.data?.message_id);
    const reply = await call('POST', `/open-apis/im/v1/messages/${parent}/reply`, {
      msg_type: 'text',
      content: JSON.stringify({ text: 'ok' }),
      reply_in_thread: false,
      uuid: 'r-1',
    });
    expect(reply.body.data).toMatchObject({ parent_id: parent, root_id: parent, chat_id: GROUP });
    expect((await call('DELETE', `/open-apis/im/v1/messages/${parent}`)).body.code).toBe(0);
    const again = await call('PATCH', `/open-apis/im/v1/messages/${parent}`, {
      content: JSON.stringify(simpleCard('x')),
    });
    expect(again.body.code).toBe(230011);
  });

  it('shows an ephemeral card to one member only; it cannot be PATCHed; it can be deleted', async () => {
    const client = sdkClient(sim.url);
    const res = (await client.request({
      method: 'POST',
      url: '/open-apis/ephemeral/v1/send',
      data: { chat_id: GROUP, open_id: bob.openId, msg_type: 'interactive', card: simpleCard('Only Bob') },
    })) as { code: number; data: { message_id: string } };
    expect(res.code).toBe(0);
    const id = res.data.message_id;
    expect(sim.message(id)).toMatchObject({ ephemeral: true, visibleTo: [bob.openId] });
    expect(sim.messages({ openId: bob.openId }).map((m) => m.messageId)).toContain(id);
    expect(sim.messages({ openId: alice.openId }).map((m) => m.messageId)).not.toContain(id);
    const patch = await call('PATCH', `/open-apis/im/v1/messages/${id}`, {
      content: JSON.stringify(simpleCard('x')),
    });
    expect(patch.body.code).toBe(230001);
    expect((await call('POST', '/open-apis/ephemeral/v1/delete', { message_id: id })).body.code).toBe(0);
    expect(sim.message(id)?.deleted).toBe(true);
  });

  it("lists the bot's chats and their members", async () => {
    const chats = await call('GET', '/open-apis/im/v1/chats');
    expect((chats.body.data?.items as Array<{ chat_id: string }>).map((c) => c.chat_id)).toEqual([GROUP]);
    const members = await call('GET', `/open-apis/im/v1/chats/${GROUP}/members?member_id_type=open_id`);
    expect(members.body.data).toMatchObject({ member_total: 2, has_more: false });
    expect((members.body.data?.items as Array<{ name: string }>).map((m) => m.name)).toEqual([
      'Alice',
      'Bob',
    ]);
  });

  it('refuses a missing token with 99991661 and an expired one with 99991663', async () => {
    const none = await call('GET', '/open-apis/im/v1/chats', undefined, '');
    expect([none.status, none.body.code]).toEqual([400, 99991661]);
    const stale = token;
    await sim.advance(2 * 3600 * 1000 + 1);
    const expired = await call('GET', '/open-apis/im/v1/chats', undefined, `Bearer ${stale}`);
    expect([expired.status, expired.body.code]).toEqual([400, 99991663]);
  });

  it('returns the same token while 30 minutes or more remain, a new one below that', async () => {
    const a = await fetchToken();
    await sim.advance(60 * 60 * 1000);
    const b = await fetchToken();
    expect(b.tenant_access_token).toBe(a.tenant_access_token);
    expect(b.expire).toBeLessThanOrEqual(3600);
    await sim.advance(40 * 60 * 1000);
    const c = await fetchToken();
    expect(c.tenant_access_token).not.toBe(a.tenant_access_token);
    expect(c.expire).toBe(7200);
  });
});

describe('app-level frequency control', () => {
  it('answers HTTP 429 with 99991400 and x-ogw-ratelimit headers past the per-app limit', async () => {
    const sim = await startFeishuSim({ app: testApp, rateLimits: { perAppPerSecond: 3 } });
    try {
      const client = sdkClient(sim.url);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        statuses.push(
          await client.im.v1.chat.list({}).then(
            () => 200,
            (e: {
              response: { status: number; data: { code: number }; headers: Record<string, string> };
            }) => {
              expect(e.response.data.code).toBe(99991400);
              expect(Number(e.response.headers['x-ogw-ratelimit-reset'])).toBeGreaterThan(0);
              return e.response.status;
            },
          ),
        );
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await sim.close();
    }
  });
});
