import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptEvent, signEvent } from '../../../src/sim/feishu/crypto.js';
import { startFeishuSim, type FeishuSim } from '../../../src/sim/feishu/server.js';
import { alice, startSdkBot, testApp } from './support.js';

type Seen = { headers: IncomingMessage['headers']; body: string };

/** A raw receiver that answers each POST with the next status of `plan` (last one repeats), after `delayMs`. */
async function receiver(
  plan: number[],
  delayMs = 0,
): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      const status = plan[Math.min(seen.length - 1, plan.length - 1)] ?? 200;
      setTimeout(() => {
        res.statusCode = status;
        res.end();
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feishu/events`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const eventIdOf = (s: Seen) =>
  (
    JSON.parse(decryptEvent(testApp.encryptKey, (JSON.parse(s.body) as { encrypt: string }).encrypt)) as {
      header: { event_id: string };
    }
  ).header.event_id;

describe('event delivery', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0)) await fn();
  });
  const sim = async (opts: Parameters<typeof startFeishuSim>[0]): Promise<FeishuSim> => {
    const s = await startFeishuSim({ app: testApp, ...opts });
    s.seedUsers([alice]);
    cleanup.push(() => s.close());
    return s;
  };

  it('sends compact encrypted JSON with the three X-Lark headers and a valid signature', async () => {
    const bot = await receiver([200]);
    cleanup.push(bot.close);
    const s = await sim({ eventUrl: bot.url });
    await s.say({ from: alice.openId, text: 'hello' });
    const [req] = bot.seen;
    const ts = String(req?.headers['x-lark-request-timestamp']);
    const nonce = String(req?.headers['x-lark-request-nonce']);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
    expect(req?.headers['x-lark-signature']).toBe(signEvent(ts, nonce, testApp.encryptKey, req?.body ?? ''));
    expect(req?.body).toBe(JSON.stringify(JSON.parse(req?.body ?? '')));
    const plain = JSON.parse(
      decryptEvent(testApp.encryptKey, (JSON.parse(req?.body ?? '') as { encrypt: string }).encrypt),
    );
    expect(plain).toMatchObject({
      schema: '2.0',
      header: { event_type: 'im.message.receive_v1', token: testApp.verificationToken },
    });
  });

  it('stamps X-Lark-Request-Timestamp with the real clock unless told to use the simulated one', async () => {
    const bot = await receiver([200]);
    cleanup.push(bot.close);
    const real = await sim({ eventUrl: bot.url });
    const virtual = await sim({ eventUrl: bot.url, headerClock: 'virtual' });
    for (const s of [real, virtual]) {
      await s.advance(3_600_000);
      await s.say({ from: alice.openId, text: 'later' });
    }
    const [a, b] = bot.seen.map((r) => Number(r.headers['x-lark-request-timestamp']) - Date.now() / 1000);
    expect(Math.abs(a ?? NaN)).toBeLessThan(5);
    expect(Math.abs((b ?? NaN) - 3600)).toBeLessThan(5);
  });

  it('sends plaintext without a signature when the app has no encrypt key', async () => {
    const bot = await receiver([200]);
    cleanup.push(bot.close);
    const s = await startFeishuSim({ app: { ...testApp, encryptKey: undefined }, eventUrl: bot.url });
    cleanup.push(() => s.close());
    s.seedUsers([alice]);
    await s.say({ from: alice.openId, text: 'hello' });
    expect(bot.seen[0]?.headers['x-lark-signature']).toBeUndefined();
    expect(JSON.parse(bot.seen[0]?.body ?? '')).toMatchObject({
      schema: '2.0',
      event: { message: { content: '{"text":"hello"}' } },
    });
  });

  it('retries a failed push after 15 s, 5 min, 1 h and 6 h with the same event_id, then gives up', async () => {
    const bot = await receiver([500]);
    cleanup.push(bot.close);
    const s = await sim({ eventUrl: bot.url });
    const { eventId, status, delivered } = await s.say({ from: alice.openId, text: 'ping' });
    expect([status, delivered]).toEqual([500, false]);
    await s.advance(14_500); // real milliseconds also pass, so stop a little short of 15 s
    expect(bot.seen).toHaveLength(1);
    await s.advance(500);
    expect(bot.seen).toHaveLength(2);
    await s.advance(300_000);
    await s.advance(3_600_000);
    await s.advance(21_600_000);
    expect(bot.seen).toHaveLength(5);
    await s.advance(24 * 3_600_000);
    expect(bot.seen).toHaveLength(5);
    expect(new Set(bot.seen.map(eventIdOf))).toEqual(new Set([eventId]));
    expect(s.deliveries(eventId).map((d) => d.attempt)).toEqual([0, 1, 2, 3, 4]);
  });

  it('stops retrying once the bot answers 200', async () => {
    const bot = await receiver([503, 200]);
    cleanup.push(bot.close);
    const s = await sim({ eventUrl: bot.url });
    const { eventId } = await s.say({ from: alice.openId, text: 'ping' });
    await s.advance(10 * 3_600_000);
    expect(s.deliveries(eventId).map((d) => d.status)).toEqual([503, 200]);
  });

  it('counts an answer slower than the ack timeout as a failure and retries on a compressed real-time schedule', async () => {
    const bot = await receiver([200], 300);
    cleanup.push(bot.close);
    const s = await sim({ eventUrl: bot.url, ackTimeoutMs: 100, retrySchedule: [50] });
    const first = await s.say({ from: alice.openId, text: 'slow' });
    expect(first).toMatchObject({ status: 0, delivered: false, error: 'no answer within 100 ms' });
    await new Promise((r) => setTimeout(r, 400));
    expect(s.deliveries(first.eventId).map((d) => d.attempt)).toEqual([0, 1]);
  });

  it('counts an answer cut short (the connection closed mid-body) as a failure at once, and retries', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"partial":');
        setTimeout(() => res.socket?.destroy(), 20);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanup.push(async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feishu/events`;
    const s = await sim({ eventUrl: url, ackTimeoutMs: 10_000, retrySchedule: [50] });
    // Not 'no answer within 10000 ms': the cut is seen when it happens.
    const first = await s.say({ from: alice.openId, text: 'cut' });
    expect(first).toMatchObject({ status: 0, delivered: false, error: 'ECONNRESET' });
    await new Promise((r) => setTimeout(r, 300));
    expect(s.deliveries(first.eventId).map((d) => d.attempt)).toEqual([0, 1]);
  });

  it.each([
    ['keep-alive', 1],
    ['fresh', 3],
  ] as const)(
    'pushes over %s connections (unverified, switchable): 3 events on %i connection(s)',
    async (mode, n) => {
      const sockets = new Set<unknown>();
      const server = createServer((req, res) => {
        sockets.add(req.socket);
        req.resume();
        req.on('end', () => res.end());
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      cleanup.push(async () => {
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feishu/events`;
      const s = await sim({ eventUrl: url, pushConnections: mode });
      for (const text of ['one', 'two', 'three'])
        expect(await s.say({ from: alice.openId, text })).toMatchObject({ delivered: true });
      expect(sockets.size).toBe(n);
    },
  );

  it('passes the console URL check against an SDK bot with autoChallenge', async () => {
    const bot = await startSdkBot({});
    cleanup.push(bot.close);
    const s = await sim({ eventUrl: bot.url });
    expect(await s.verifyUrl()).toMatchObject({ ok: true, status: 200 });
  });

  it('pushes the bot menu event', async () => {
    const bot = await startSdkBot({ 'application.bot.menu_v6': () => undefined });
    cleanup.push(bot.close);
    const s = await sim({ eventUrl: bot.url });
    const res = await s.menu({ from: alice.openId, eventKey: 'airgate_pending' });
    expect(res.delivered).toBe(true);
    expect(bot.received[0]).toMatchObject({
      event_key: 'airgate_pending',
      operator: { operator_id: { open_id: alice.openId } },
    });
  });
});
