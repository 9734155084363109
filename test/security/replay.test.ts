import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { FeishuInboxEvent } from '../../src/db/entities/feishuInboxEvent.js';
import { withReader } from '../../src/db/repos/transaction.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { expireQuotaRequests } from '../../src/services/requests/expireQuotaRequests.js';
import { errorFromBody } from '../../src/feishu/errors.js';
import { DEFAULT_MAX_AGE_SECONDS } from '../../src/feishu/verify.js';
import { revokeApiKey } from '../../src/services/apiKeys/revokeApiKey.js';
import { sealRequest } from '../../src/sim/feishu/crypto.js';
import { messageEnvelope } from '../../src/sim/feishu/envelopes.js';
import { startFeishuSim, type FeishuSim } from '../../src/sim/feishu/server.js';
import { givenKey, writeState } from '../api/support.js';
import { botMessages, callbackValues, click, say, valueOf, waitFor } from '../bot/support/chat.js';
import { givenSubAccount, people, startWorld, teamChat, type World } from '../bot/support/world.js';
import { post, simClock, startAirGate, startProxy, type Captured } from '../feishu/support/harness.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';

/**
 * The attacks of the security review (issue 11) replayed against one AirGate per database: the REST API
 * with its keys, and Feishu's side with real signed, encrypted pushes from the simulator (captured on
 * the way by a proxy, then replayed, tampered or forged). Each must keep failing and change nothing.
 */
describe.each(dbKinds())('replayed attacks on %s', (kind) => {
  let w: World;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let sub: SubAccountDto;

  const api = async (path: string, init: { key?: string; method?: string; body?: string } = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.key) headers.authorization = `Bearer ${init.key}`;
    const res = await fetch(`${w.airgate.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body,
    });
    return { status: res.status, text: await res.text() };
  };
  const ledger = () => withReader(w.deps.db, (m) => w.deps.repos.ledger.chain(m, sub.id));
  const requestsOf = (s: SubAccountDto) =>
    withReader(w.deps.db, (m) => w.deps.repos.quotaRequests.list(m, { subAccountId: s.id, limit: 50 }));
  /** Everything an attack could have changed: writes, the inbox, the outbox, the bot's messages. */
  const state = async () => {
    await w.deps.feishu!.processor.idle();
    const inbox = await w.deps.db.getRepository(FeishuInboxEvent).count();
    return `${await writeState(w.deps)} inbox=${inbox} sent=${w.feishu.messages().length}`;
  };
  /** A lead's request for `amount`, and its approval card in the approvers' chat. */
  const pending = async (s: SubAccountDto, amount: string, who: 'lead' | 'approver' = 'lead') => {
    const before = botMessages(w, { chatId: teamChat }).length;
    await say(w, who, `申请 ${s.userName} ${amount} 复现`);
    return waitFor('the approval card', () => botMessages(w, { chatId: teamChat })[before]);
  };
  const form = (amount: string) => ({ formValue: { approve_amount: amount, approve_note: '' } });
  const now = () => Math.floor(w.feishu.now() / 1000);
  /** A request signed as Feishu would sign it, with any timestamp: only the Encrypt Key holder can do this. */
  const sealed = (payload: unknown, ts = now(), encryptKey: string | undefined = w.feishu.app.encryptKey) => {
    const s = sealRequest(payload, {
      encryptKey,
      timestamp: String(ts),
      nonce: randomBytes(8).toString('hex'),
    });
    return { headers: s.headers, body: s.body } satisfies Captured;
  };
  const ping = (eventId = `ev_${randomBytes(12).toString('hex')}`) =>
    messageEnvelope(
      {
        appId: w.feishu.app.appId,
        verificationToken: w.feishu.app.verificationToken,
        tenantKey: w.feishu.bot.tenantKey,
      },
      {
        eventId,
        createTime: w.feishu.now(),
        sender: { openId: people.admin.openId, unionId: 'on_x', userId: 'u_x' },
        message: {
          messageId: `om_${randomBytes(12).toString('hex')}`,
          createTime: w.feishu.now(),
          chatId: 'oc_dm_forged',
          chatType: 'p2p',
          content: JSON.stringify({ text: 'ping' }),
        },
      },
    );

  beforeAll(async () => {
    w = await startWorld(kind, { teamIsAlertChat: true });
    // Every push goes through a proxy that keeps a copy, as an eavesdropper on the way would.
    proxy = await startProxy(() => ({ to: w.airgate.url }));
    w.feishu.setEventUrl(proxy.url);
    sub = await givenSubAccount(w, { userName: 'replay-target', owner: 'lead', quota: '100' });
  });
  afterAll(async () => {
    await proxy?.close();
    await w?.close();
  });

  describe('the REST API', () => {
    it('refuses missing, malformed, wrong and revoked keys with 401, never echoing them', async () => {
      const { key, id } = await givenKey(w.deps, ['read']);
      const wrong = `${key.slice(0, -4)}${key.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
      expect((await api('/api/v1/subaccounts')).status).toBe(401);
      for (const k of ['not-a-key', `ag_0000abcd_${'A'.repeat(43)}`, wrong]) {
        const res = await api('/api/v1/subaccounts', { key: k });
        expect(res.status).toBe(401);
        expect(res.text).not.toContain(k);
      }
      expect((await api('/api/v1/subaccounts', { key })).status).toBe(200);
      await revokeApiKey(w.deps, { actor: { kind: 'cli', osUser: 'ops' }, key: id });
      expect((await api('/api/v1/subaccounts', { key })).status).toBe(401);
    });

    it('refuses a key acting beyond its scopes with 403 and writes nothing', async () => {
      const reader = await givenKey(w.deps, ['read']);
      const requester = await givenKey(w.deps, ['request']);
      const before = await state();
      const body = JSON.stringify({ subaccount: sub.userName, amount: '10', reason: 'x' });
      expect((await api('/api/v1/quota-requests', { key: reader.key, method: 'POST', body })).status).toBe(
        403,
      );
      expect((await api('/api/v1/subaccounts', { key: requester.key })).status).toBe(403);
      expect(await state()).toBe(before);
    });

    it.each([
      ['-5', '"-5"'],
      ['0', '"0"'],
      ['NaN', '"NaN"'],
      ['1e400', '1e400'],
      ['0.0000001', '"0.0000001"'],
      ['full-width digits', '"１００"'],
      ['null', 'null'],
      ['an array', '["10"]'],
    ])('answers 400 naming the amount for %s, and files nothing', async (_what, amount) => {
      const { key } = await givenKey(w.deps, ['request']);
      const before = await state();
      const res = await api('/api/v1/quota-requests', {
        key,
        method: 'POST',
        body: `{"subaccount":"${sub.userName}","amount":${amount},"reason":"x"}`,
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain('amount');
      expect(await state()).toBe(before);
    });

    it.each(['..%2F..%2Fetc%2Fpasswd', "x'%20OR%20'1'%3D'1", '%00', 'a%2Fb%2Fc', '%25', '%E4%BD%A0%27--'])(
      'answers 404 or 400 for the name %s, with no stack or SQL',
      async (name) => {
        const { key } = await givenKey(w.deps, ['read']);
        const res = await api(`/api/v1/subaccounts/${name}`, { key });
        expect([400, 404]).toContain(res.status);
        expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+|SELECT|sqlite|mysql|ER_|QueryFailed/i);
      },
    );

    it('refuses a 70 KB body with 413', async () => {
      const { key } = await givenKey(w.deps, ['request']);
      const before = await state();
      const body = JSON.stringify({ subaccount: sub.userName, amount: '1', reason: 'x'.repeat(70 * 1024) });
      expect((await api('/api/v1/quota-requests', { key, method: 'POST', body })).status).toBe(413);
      expect(await state()).toBe(before);
    });
  });

  describe('Feishu', () => {
    it('runs a genuine push, and the same push three times has one effect', async () => {
      const n = proxy.captured.length;
      const said = await w.feishu.say({ from: people.viewer.openId, text: 'ping' });
      expect(said.delivered).toBe(true);
      const pongs = () => w.feishu.messages().filter((m) => m.text === 'pong');
      await waitFor('pong', () => pongs().length === 1 || undefined);
      const genuine = proxy.captured[n]!;
      for (let i = 0; i < 2; i++) expect((await post(w.airgate.url, genuine)).status).toBe(200);
      await w.deps.feishu!.processor.idle();
      expect(pongs()).toHaveLength(1);
    });

    it('refuses bad or missing signatures, another Encrypt Key, stale or absent timestamps and a wrong token with 401', async () => {
      const before = await state();
      const good = sealed(ping());
      const sig = good.headers['x-lark-signature']!;
      const forged = {
        ...good,
        headers: { ...good.headers, 'x-lark-signature': `${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}` },
      };
      const { 'x-lark-signature': _s, ...unsigned } = good.headers;
      const { 'x-lark-request-timestamp': _t, ...untimed } = good.headers;
      const attacks: Captured[] = [
        forged,
        { ...good, headers: unsigned },
        { ...good, headers: untimed },
        sealed(ping(), now(), 'AnotherAppsEncryptKey'),
        sealed(ping(), now() - DEFAULT_MAX_AGE_SECONDS - 60),
        sealed(ping(), now() + 3600),
        sealed({ ...ping(), header: { ...(ping().header as object), token: 'v_not_our_token' } }),
      ];
      for (const a of attacks) expect((await post(w.airgate.url, a)).status).toBe(401);
      expect(await state()).toBe(before);
    });

    it('takes a push bearing a timestamp as old as Feishu retries get (7 h 5 min), once', async () => {
      const inbox = w.deps.db.getRepository(FeishuInboxEvent);
      const event = ping();
      const eventId = String((event.header as { event_id: string }).event_id);
      const retried = sealed(event, now() - (15 + 300 + 3600 + 21_600));
      for (let i = 0; i < 2; i++) expect((await post(w.airgate.url, retried)).status).toBe(200);
      await w.deps.feishu!.processor.idle();
      expect(await inbox.countBy({ eventId })).toBe(1);
    });

    it('refuses an old-style card callback (sha1 over the verification token) approving ¥99,999,999 as the admin; the ledger is unchanged', async () => {
      const card = await pending(sub, '50');
      const approve = valueOf(card.card, 'request.approve');
      const ledgerBefore = (await ledger()).map((e) => e.amount.toFixed(2));
      const before = await state();
      const body = JSON.stringify({
        open_id: people.admin.openId,
        user_id: 'u_admin',
        open_message_id: card.messageId,
        open_chat_id: teamChat,
        tenant_key: w.feishu.bot.tenantKey,
        token: 'c-forged00000000000000000000000000000',
        action: {
          value: approve,
          tag: 'button',
          form_value: { approve_amount: '99999999', approve_note: '' },
        },
      });
      const ts = String(now());
      const nonce = 'n0nce';
      const signature = createHash('sha1')
        .update(ts + nonce + w.feishu.app.verificationToken + body)
        .digest('hex');
      const headers = {
        'content-type': 'application/json',
        'x-lark-request-timestamp': ts,
        'x-lark-request-nonce': nonce,
        'x-lark-signature': signature,
      };
      expect((await post(w.airgate.url, { headers, body })).status).toBe(401);
      expect(await state()).toBe(before);
      expect((await ledger()).map((e) => e.amount.toFixed(2))).toEqual(ledgerBefore);
      expect((await requestsOf(sub))[0]!.status).toBe('pending');
    });

    it('refuses a plaintext event while an Encrypt Key is set, even one signed with that key', async () => {
      const before = await state();
      const plain = JSON.stringify(ping());
      const ts = String(now());
      const nonce = 'plainnonce';
      const signature = createHash('sha256')
        .update(ts + nonce + w.feishu.app.encryptKey + plain)
        .digest('hex');
      const headers = {
        'content-type': 'application/json',
        'x-lark-request-timestamp': ts,
        'x-lark-request-nonce': nonce,
        'x-lark-signature': signature,
      };
      expect((await post(w.airgate.url, { headers, body: plain })).status).toBe(401);
      expect(await state()).toBe(before);
    });

    it('refuses tampered card values and approvals by a viewer, a lead, a non-member, the requester, after the decision and after expiry', async () => {
      const refused = async (res: Awaited<ReturnType<typeof click>>, text: RegExp) => {
        expect(res.cardUpdated).toBe(false);
        expect(res.toast?.content).toMatch(text);
      };
      const target = await givenSubAccount(w, { userName: 'replay-approvals', owner: 'lead', quota: '10' });
      const card = await pending(target, '40');
      const approve = valueOf(card.card, 'request.approve');
      await refused(await click(w, 'viewer', card.messageId, approve, form('40')), /没有权限/);
      await refused(await click(w, 'lead', card.messageId, approve, form('40')), /没有权限|不能审批自己/);
      await refused(
        await click(w, 'stranger', card.messageId, approve, form('40')),
        /没有权限|不是.*成员|未加入/,
      );
      await refused(
        await click(
          w,
          'approver',
          card.messageId,
          { ...approve, req: 'x'.repeat(80) },
          { ...form('40'), allowUnknownValue: true },
        ),
        /失效/,
      );
      await refused(await click(w, 'approver', card.messageId, approve, form('-5')), /金额/);
      expect((await requestsOf(target))[0]!.status).toBe('pending');

      const own = await pending(target, '7', 'approver');
      await refused(
        await click(w, 'approver', own.messageId, valueOf(own.card, 'request.approve'), form('7')),
        /不能审批自己/,
      );

      // A rejection carries its reason (issue 16, item 15).
      const rejected = await click(w, 'approver2', card.messageId, valueOf(card.card, 'request.reject'), {
        formValue: { approve_amount: '40', approve_note: '预算不足' },
      });
      expect(rejected.cardUpdated).toBe(true);
      // After the decision: told who decided, and the card clicked is drawn as decided (a copy whose patch
      // is late shows the outcome at once), still with nothing to click; nothing else changes.
      const afterDecision = await click(w, 'approver', card.messageId, approve, {
        ...form('40'),
        allowUnknownValue: true,
      });
      expect(afterDecision.toast?.content).toMatch(/已由 Bob Approver/);
      expect(callbackValues(w.feishu.message(card.messageId)!.card)).toEqual([]);

      const late = await pending(target, '9');
      const later = { now: () => new Date(w.feishu.now() + 73 * 3600_000) };
      expect((await expireQuotaRequests({ ...w.deps, clock: later })).length).toBeGreaterThanOrEqual(1);
      const afterExpiry = await click(w, 'approver', late.messageId, valueOf(late.card, 'request.approve'), {
        ...form('9'),
        allowUnknownValue: true,
      });
      expect(afterExpiry.toast?.content).toMatch(/过期/);
      const entries = await withReader(w.deps.db, (m) => w.deps.repos.ledger.chain(m, target.id));
      expect(entries.map((e) => e.amount.toFixed(2))).toEqual(['10.00']);
    });

    it('stores no token in any event payload, and keeps secrets out of logs and listings', async () => {
      const rows = await w.deps.db.getRepository(FeishuInboxEvent).find();
      expect(rows.length).toBeGreaterThan(3);
      const stored = rows.map((r) => JSON.stringify(r.payload)).join('\n');
      expect(stored).not.toContain(w.feishu.app.verificationToken);
      expect(stored).not.toMatch(/"token"/);
      const { key } = await givenKey(w.deps, ['read']);
      const listings = [
        (await api('/api/v1/subaccounts', { key })).text,
        (await api(`/api/v1/subaccounts/${sub.userName}`, { key })).text,
        (await api('/api/v1/alerts', { key })).text,
      ].join('\n');
      const secrets = [
        w.feishu.app.appSecret,
        w.feishu.app.encryptKey,
        w.feishu.app.verificationToken,
        w.config.volc.secretAccessKey,
        key,
      ].filter((s): s is string => typeof s === 'string' && s.length > 0);
      for (const s of secrets) {
        expect(w.logs.join('\n')).not.toContain(s);
        expect(listings).not.toContain(s);
      }
    });
  });
});

/** Token-only mode (no Encrypt Key): Feishu neither encrypts nor signs; production refuses it. */
describe.each(dbKinds())('without an Encrypt Key on %s', (kind) => {
  const app = {
    appId: 'cli_a1b2c3d4e5f60002',
    appSecret: 'token-only-secret',
    verificationToken: 'v_TokenOnly01',
  };
  let db: TestDatabase;
  let sim: FeishuSim;
  let airgate: Awaited<ReturnType<typeof startAirGate>>;
  let proxy: Awaited<ReturnType<typeof startProxy>>;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sim = await startFeishuSim({ app: { ...app, encryptKey: '' } });
    sim.seedUsers([{ openId: people.viewer.openId, name: 'Val' }]);
    airgate = await startAirGate({ database: db.config, baseUrl: sim.url, clock: simClock(sim), app });
    proxy = await startProxy(() => ({ answer: 200 }));
    sim.setEventUrl(proxy.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await airgate?.close();
    await sim?.close();
    await db?.drop();
  });

  it('is refused at start-up in production over HTTP', () => {
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        AIRGATE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        VOLC_ACCESS_KEY_ID: 'AKLTrealkey',
        VOLC_SECRET_ACCESS_KEY: 'real-secret',
        FEISHU_APP_ID: app.appId,
        FEISHU_APP_SECRET: app.appSecret,
        FEISHU_VERIFICATION_TOKEN: app.verificationToken,
      }),
    ).toThrow(/FEISHU_ENCRYPT_KEY: required in production/);
  });

  it('refuses a push without its timestamp header, or one outside the window, and an old-style callback', async () => {
    const n = proxy.captured.length;
    await sim.say({ from: people.viewer.openId, text: 'ping' });
    const genuine = proxy.captured[n]!;
    const { 'x-lark-request-timestamp': _t, ...untimed } = genuine.headers;
    const stale = String(Math.floor(sim.now() / 1000) - DEFAULT_MAX_AGE_SECONDS - 60);
    const oldCard = JSON.stringify({
      open_id: people.viewer.openId,
      open_message_id: 'om_x',
      token: 'c-x',
      action: { value: {} },
    });
    for (const req of [
      { ...genuine, headers: untimed },
      { ...genuine, headers: { ...genuine.headers, 'x-lark-request-timestamp': stale } },
      { headers: genuine.headers, body: oldCard },
    ])
      expect((await post(airgate.url, req)).status).toBe(401);
    await airgate.feishu.processor.idle();
    expect(await airgate.db.getRepository(FeishuInboxEvent).count()).toBe(0);
    expect((await post(airgate.url, genuine)).status).toBe(200);
    await airgate.feishu.processor.idle();
    expect(await airgate.db.getRepository(FeishuInboxEvent).count()).toBe(1);
  });
});

describe('Feishu rate-limit codes', () => {
  it.each([99991400, 11232, 11233, 230020])('retries %i later instead of failing the message', (code) => {
    expect(errorFromBody({ code, msg: 'limit' }, 400).kind).toBe('rate_limit');
  });
});
