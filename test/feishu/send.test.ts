import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeishuClient } from '../../src/feishu/client.js';
import { FeishuApiError } from '../../src/feishu/errors.js';
import { FeishuSender } from '../../src/feishu/send.js';
import { createLogger } from '../../src/log/logger.js';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { testApp } from './support/harness.js';

const U1 = 'ou_user0000000000000000000000000001';
const U2 = 'ou_user0000000000000000000000000002';
const GROUP = 'oc_group000000000000000000000000001';
const NO_BOT = 'oc_group000000000000000000000000002';
const log = createLogger('silent');
const card = (title: string) => ({
  schema: '2.0',
  config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: title } },
  body: { elements: [{ tag: 'markdown', content: title }] },
});

async function failure(p: Promise<unknown>): Promise<FeishuApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FeishuApiError) return err;
    throw err;
  }
  throw new Error('expected a FeishuApiError');
}

describe('the sender, through the SDK Client aimed at the simulator', () => {
  let sim: FeishuSim;
  let sender: FeishuSender;

  beforeAll(async () => {
    sim = await startFeishuSim({
      app: testApp,
      rateLimits: { perAppPerSecond: 1000, perAppPerMin: 100_000 },
    });
    sim.seedUsers([
      { openId: U1, name: 'One' },
      { openId: U2, name: 'Two' },
    ]);
    sim.seedChat({ chatId: GROUP, name: 'ops', type: 'group', members: [U1, U2] });
    sim.seedChat({ chatId: NO_BOT, name: 'quiet', type: 'group', members: [U1], botIsMember: false });
    sender = new FeishuSender(createFeishuClient({ ...testApp, baseUrl: sim.url }, log, { timeoutMs: 1000 }));
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('sends to a chat and to a user, replies, and updates a card in place', async () => {
    const posted = await sender.sendToChat(GROUP, { card: card('v1') });
    const dm = await sender.sendToUser(U1, { text: 'hello' });
    const reply = await sender.reply(posted.messageId, { text: 'below' });
    await sender.updateCard(posted.messageId, card('v2'));
    expect(sim.message(dm.messageId)?.text).toBe('hello');
    expect(sim.message(reply.messageId)?.parentId).toBe(posted.messageId);
    expect(JSON.stringify(sim.message(posted.messageId)?.card)).toContain('v2');
  });

  it('shows an ephemeral card to one member of a group and deletes it', async () => {
    const eph = await sender.sendEphemeral(GROUP, U2, card('only you'));
    expect(sim.message(eph.messageId)).toMatchObject({ ephemeral: true, visibleTo: [U2] });
    await sender.deleteEphemeral(eph.messageId);
    expect(sim.message(eph.messageId)?.deleted).toBe(true);
  });

  it('fetches a new tenant token when Feishu rejects the cached one (99991663)', async () => {
    await sender.sendToUser(U1, { text: 'before' });
    const issued = sim.tokensIssued();
    sim.revokeTokens();
    const after = await sender.sendToUser(U1, { text: 'after' });
    expect(sim.message(after.messageId)?.text).toBe('after');
    expect(sim.tokensIssued()).toBe(issued + 1);
  });

  it('reports "bot not in chat" as a permanent error with its code', async () => {
    const e = await failure(sender.sendToChat(NO_BOT, { text: 'x' }));
    expect(e).toMatchObject({ kind: 'permanent', feishuCode: 230002, httpStatus: 400, retryable: false });
    expect(e.reason).toBe('230002 Bot/User can NOT be out of the chat.');
  });

  it('reports frequency control, 5xx and a dead connection as retryable', async () => {
    sim.setFaults({ rateLimitStorm: true });
    expect(await failure(sender.sendToChat(GROUP, { text: 'x' }))).toMatchObject({
      kind: 'rate_limit',
      feishuCode: 230020,
    });
    sim.setFaults({ rateLimitStorm: false, errorRate: 1 });
    expect(await failure(sender.sendToChat(GROUP, { text: 'x' }))).toMatchObject({
      kind: 'server',
      httpStatus: 500,
    });
    sim.setFaults({ errorRate: 0, outageUntil: new Date(sim.now() + 60_000) });
    expect(await failure(sender.sendToChat(GROUP, { text: 'x' }))).toMatchObject({
      kind: 'server',
      retryable: true,
    });
    sim.setFaults({ outageUntil: null, latencyMs: 1500 });
    expect((await failure(sender.sendToChat(GROUP, { text: 'x' }))).reason).toMatch(/^network: ECONNABORTED/);
    sim.setFaults({ latencyMs: 0 });
  });

  it('reports the app-level limit (HTTP 429, 99991400) as rate limiting', async () => {
    const tight = await startFeishuSim({ app: testApp, rateLimits: { perAppPerSecond: 1 } });
    try {
      tight.seedUsers([{ openId: U1, name: 'One' }]);
      const s = new FeishuSender(createFeishuClient({ ...testApp, baseUrl: tight.url }, log));
      await s.sendToUser(U1, { text: 'one' });
      expect(await failure(s.sendToUser(U1, { text: 'two' }))).toMatchObject({
        kind: 'rate_limit',
        feishuCode: 99991400,
        httpStatus: 429,
      });
    } finally {
      await tight.close();
    }
  });

  it('names a wrong app secret without printing it', async () => {
    const s = new FeishuSender(
      createFeishuClient({ ...testApp, appSecret: 'wrong-secret-value-123', baseUrl: sim.url }, log),
    );
    const e = await failure(s.sendToUser(U1, { text: 'x' }));
    expect(e.reason).toContain('10014');
    expect(e.reason).not.toContain('wrong-secret-value-123');
  });
});
