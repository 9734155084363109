import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEISHU_RETRY_SCHEDULE } from '../../../src/sim/feishu/events.js';
import { decodeFrame, encodeFrame } from '../../../src/sim/feishu/pbbp2.js';
import { startFeishuSim, type FeishuSim } from '../../../src/sim/feishu/server.js';
import { alice, button, sdkClient, simpleCard, testApp } from './support.js';

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('long connection (the SDK WSClient)', () => {
  let sim: FeishuSim;
  let client: lark.WSClient;
  const received: Array<Record<string, unknown>> = [];
  // The simulator adopts the socket before the client has seen the handshake's answer, and the SDK
  // attaches its frame handler after that: a frame sent in between reaches no handler. The SDK says
  // "connected" only once the handler is attached.
  const ready = () => sim.wsConnections() === 1 && client.getConnectionStatus().state === 'connected';

  beforeAll(async () => {
    // The answer window is not under test here; a loaded CI machine once took over 3 s to answer the
    // first frame, so the window is wide and the test asserts only the delivery path.
    sim = await startFeishuSim({ app: testApp, ackTimeoutMs: 15_000 });
    sim.seedUsers([alice]);
    const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.fatal }).register({
      'im.message.receive_v1': async (data: Record<string, unknown>) => {
        received.push(data);
      },
      'card.action.trigger': async (data: Record<string, unknown>) => {
        received.push(data);
        return { toast: { type: 'success', content: 'via ws' } };
      },
    } as never);
    client = new lark.WSClient({
      appId: testApp.appId,
      appSecret: testApp.appSecret,
      domain: sim.url,
      loggerLevel: lark.LoggerLevel.fatal,
    });
    await client.start({ eventDispatcher: dispatcher });
    await until(ready);
  });
  afterAll(async () => {
    client?.close({ force: true });
    await sim?.close();
  });

  it('delivers a message event over the connection, without an event URL', async () => {
    await until(ready, 10_000);
    const res = await sim.say({ from: alice.openId, text: 'ping' });
    expect(res, JSON.stringify(sim.deliveries(res.eventId))).toMatchObject({ status: 200, delivered: true });
    expect(received.at(-1)).toMatchObject({ event_id: res.eventId, message: { content: '{"text":"ping"}' } });
    expect(sim.deliveries(res.eventId)[0]?.transport).toBe('ws');
  });

  it('carries card callbacks as event frames and applies the answer', async () => {
    const sent = await sdkClient(sim.url).im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: {
        receive_id: alice.openId,
        msg_type: 'interactive',
        content: JSON.stringify(simpleCard('Q', [button('Yes', { a: 'yes' })])),
      },
    });
    const res = await sim.click({
      from: alice.openId,
      messageId: String(sent.data?.message_id),
      value: { a: 'yes' },
    });
    expect(res).toMatchObject({ status: 200, toast: { content: 'via ws' } });
  });

  it('an event sent before the SDK attached its frame handler gets no answer, and the retry delivers it', async () => {
    // A second simulator and client, so that the frame goes out the moment the server sees the socket.
    const early = await startFeishuSim({ app: testApp, ackTimeoutMs: 1000 });
    early.seedUsers([alice]);
    const got: string[] = [];
    const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.fatal }).register({
      'im.message.receive_v1': async (data: { event_id?: string }) => {
        got.push(String(data.event_id));
      },
    } as never);
    const c = new lark.WSClient({
      appId: testApp.appId,
      appSecret: testApp.appSecret,
      domain: early.url,
      loggerLevel: lark.LoggerLevel.fatal,
    });
    try {
      await c.start({ eventDispatcher: dispatcher });
      // The server adopts the socket and writes the handshake's answer in one I/O callback; the client
      // reads that answer in a later poll phase, so a check between the two (setImmediate) finds the
      // socket adopted and the client not yet ready, and say() writes its frame before the client reads.
      while (early.wsConnections() !== 1) await new Promise((r) => setImmediate(r));
      expect(c.getConnectionStatus().state).not.toBe('connected');
      const res = await early.say({ from: alice.openId, text: 'early' });
      expect(res.delivered).toBe(false);
      expect(got).toEqual([]);
      await until(() => c.getConnectionStatus().state === 'connected');
      await early.advance(FEISHU_RETRY_SCHEDULE[0]!);
      await until(() => got.length === 1);
      expect(got).toEqual([res.eventId]);
      expect(early.deliveries(res.eventId).map((d) => d.status)).toEqual([0, 200]);
    } finally {
      c.close({ force: true });
      await early.close();
    }
  });

  it('refuses the endpoint to a wrong app secret', async () => {
    const res = await fetch(`${sim.url}/callback/ws/endpoint`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ AppID: testApp.appId, AppSecret: 'nope' }),
    });
    expect(((await res.json()) as { code: number }).code).toBe(514);
  });

  it('round-trips frames with large ids and UTF-8 headers', () => {
    const frame = {
      SeqID: 300,
      LogID: 2 ** 40,
      service: 1,
      method: 1,
      headers: [
        { key: 'type', value: 'event' },
        { key: '名字', value: '值' },
      ],
      payload: new TextEncoder().encode('{"a":1}'),
    };
    expect(decodeFrame(encodeFrame(frame))).toEqual(frame);
  });
});
