import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeishuInboxEvent } from '../../src/db/entities/feishuInboxEvent.js';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/databases.js';
import { counts, startAirGate, type AirGate } from './support/harness.js';

type Headers = Record<string, string>;
type Vectors = {
  constants: { APP_ID: string; APP_SECRET: string; ENCRYPT_KEY: string; VERIFICATION_TOKEN: string };
  events: Array<{
    name: string;
    http_headers: Headers;
    http_body: string;
    handler_received: { data: Record<string, unknown> };
  }>;
  card_callbacks: Array<{
    name: string;
    http_headers: Headers;
    http_body: string;
    handler_received?: { data: Record<string, unknown> };
    handler_called?: boolean;
  }>;
  challenge: Array<{
    adapter: string;
    autoChallenge?: boolean;
    kind?: string;
    request_body?: string;
    response: { body: string };
  }>;
  signature: {
    vectors: Array<{
      name: string;
      timestamp: string;
      nonce: string;
      raw_body: string;
      headers_sent: Headers;
      sdk_accepts: boolean;
    }>;
  };
};

const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/feishu-event-vectors.json', import.meta.url), 'utf8'),
) as Vectors;
const c = vectors.constants;
const app = {
  appId: c.APP_ID,
  appSecret: c.APP_SECRET,
  encryptKey: c.ENCRYPT_KEY,
  verificationToken: c.VERIFICATION_TOKEN,
};

async function send(url: string, headers: Headers, body: string) {
  const res = await fetch(`${url}/feishu/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

describe.each(dbKinds())('the published SDK vectors against POST /feishu/events on %s', (kind) => {
  let db: TestDatabase;
  let airgate: AirGate;
  // The vectors were signed at 2024-06-10 06:13:20 UTC; AirGate's clock stands there.
  const clock = { now: () => new Date(1718000000_000) };
  const clicks: unknown[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    airgate = await startAirGate({
      database: db.config,
      baseUrl: 'http://127.0.0.1:9',
      clock,
      app,
      start: false,
    });
    airgate.feishu.router.action({
      id: 'approve',
      run: async (ctx) => {
        clicks.push(ctx);
        return { toast: { type: 'success', content: 'Approved' } };
      },
    });
  });
  afterAll(async () => {
    await airgate?.close();
    await db?.drop();
  });

  const inbox = () => airgate.db.getRepository(FeishuInboxEvent);

  /** The old callback style (no schema, sha1 over the verification token): AirGate sends only 2.0 cards. */
  const isOld = (v: { http_body: string }) => !('encrypt' in (JSON.parse(v.http_body) as object));

  it.each(
    vectors.card_callbacks.filter((v) => v.handler_received && !isOld(v)).map((v) => [v.name, v] as const),
  )('accepts card callback "%s" and answers with the action\'s toast', async (_n, v) => {
    const before = clicks.length;
    const res = await send(airgate.url, v.http_headers, v.http_body);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ toast: { type: 'success', content: 'Approved' } });
    expect(clicks).toHaveLength(before + 1);
    expect(clicks.at(-1)).toMatchObject({
      actor: { openId: 'ou_3b7b0d7b3b7f4a2c8e9a5d1f2c3b4a5e', userId: '5d9bdxxx' },
      value: { action: 'approve', request_id: 'req_42' },
      messageId: 'om_x100b4b1f3c2a8f0c4e2b3c7d9e1f2a3b',
      token: 'c-295ee57216a5dc9de90fefd0aadb4b1d7d337xxx',
    });
  });

  it.each(vectors.events.map((v) => [v.name, v] as const))(
    'accepts event "%s" and stores what the SDK parsed',
    async (_n, v) => {
      const before = clicks.length;
      const res = await send(airgate.url, v.http_headers, v.http_body);
      expect(res.status).toBe(200);
      // The card event carries the event_id of the callback vector above: a redelivery, answered {} and not run again.
      if (v.handler_received.data.event_type === 'card.action.trigger') {
        expect(res.json).toEqual({});
        expect(clicks).toHaveLength(before);
      }
      const row = await inbox().findOneByOrFail({ eventId: String(v.handler_received.data.event_id) });
      // Everything the SDK parsed but the token (the verification token, or a click's update token).
      const { token, ...stored } = v.handler_received.data;
      expect(token).toEqual(expect.any(String));
      expect(row.payload).toEqual(stored);
      expect(JSON.stringify(row.payload)).not.toContain(String(token));
    },
  );

  it.each(vectors.card_callbacks.filter(isOld).map((v) => [v.name, v] as const))(
    'refuses the old-style card callback "%s" though its sha1 signature is right, and runs nothing',
    async (_n, v) => {
      await airgate.feishu.processor.idle();
      const before = { ...(await counts(airgate.db)), clicks: clicks.length };
      const res = await send(airgate.url, v.http_headers, v.http_body);
      expect(res.status).toBe(401);
      await airgate.feishu.processor.idle();
      expect({ ...(await counts(airgate.db)), clicks: clicks.length }).toEqual(before);
    },
  );

  it('refuses the card callback with a bad signature and stores nothing', async () => {
    const v = vectors.card_callbacks.find((x) => x.handler_called === false)!;
    await airgate.feishu.processor.idle();
    const before = await counts(airgate.db);
    const res = await send(airgate.url, v.http_headers, v.http_body);
    expect(res.status).toBe(401);
    await airgate.feishu.processor.idle();
    expect(await counts(airgate.db)).toEqual(before);
  });

  // With an Encrypt Key configured Feishu encrypts the challenge too; a plaintext one is not Feishu's.
  it.each(
    vectors.challenge
      .filter((v) => v.autoChallenge && v.request_body)
      .map((v) => [`${v.adapter} ${v.kind}`, v] as const),
  )('answers the %s url_verification challenge only when encrypted', async (_n, v) => {
    const res = await send(airgate.url, {}, v.request_body!);
    if (v.kind === 'plain') return expect(res.status).toBe(401);
    expect(res.status).toBe(200);
    expect(res.json).toEqual(JSON.parse(v.response.body));
  });

  // Where the SDK takes a plaintext body signed with the Encrypt Key, AirGate wants it encrypted.
  const airgateAccepts = (v: { sdk_accepts: boolean; raw_body: string }) =>
    v.sdk_accepts && 'encrypt' in (JSON.parse(v.raw_body) as object);

  it.each(vectors.signature.vectors.map((v) => [v.name, v] as const))(
    'signature vector "%s"',
    async (_n, v) => {
      await airgate.feishu.processor.idle();
      const before = await counts(airgate.db);
      const res = await send(airgate.url, v.headers_sent, v.raw_body);
      expect(res.status).toBe(airgateAccepts(v) ? 200 : 401);
      await airgate.feishu.processor.idle();
      if (!airgateAccepts(v)) expect(await counts(airgate.db)).toEqual(before);
    },
  );

  it('refuses a challenge carrying the wrong verification token', async () => {
    const res = await send(
      airgate.url,
      {},
      JSON.stringify({ challenge: 'x', token: 'not-the-token', type: 'url_verification' }),
    );
    expect(res.status).toBe(401);
  });
});
