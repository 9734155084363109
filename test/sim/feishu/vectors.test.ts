import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decryptEvent, encryptEvent, sealRequest, signEvent } from '../../../src/sim/feishu/crypto.js';
import {
  cardActionEnvelope,
  challengeBody,
  menuEnvelope,
  messageEnvelope,
  type EnvelopeApp,
} from '../../../src/sim/feishu/envelopes.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/feishu-event-vectors.json', import.meta.url), 'utf8'),
) as Json;
const C = vectors.constants as Json;
const app: EnvelopeApp = {
  appId: C.APP_ID,
  verificationToken: C.VERIFICATION_TOKEN,
  tenantKey: C.TENANT_KEY,
};
const ivOf = (httpBody: string) => Buffer.from(JSON.parse(httpBody).encrypt, 'base64').subarray(0, 16);
const lead = { openId: C.LEAD.open_id, unionId: C.LEAD.union_id, userId: C.LEAD.user_id };
const approver = { openId: C.APPROVER.open_id, unionId: C.APPROVER.union_id, userId: C.APPROVER.user_id };

/** The simulator's own envelope builders, fed the facts of each recorded event. */
function buildEvent(e: Json): Json {
  const h = e.header;
  if (h.event_type === 'application.bot.menu_v6') {
    return menuEnvelope(app, {
      eventId: h.event_id,
      createTime: Number(h.create_time),
      operator: lead,
      eventKey: e.event.event_key,
    });
  }
  if (h.event_type === 'card.action.trigger') {
    const ev = e.event;
    return cardActionEnvelope(app, {
      eventId: h.event_id,
      createTimeMicros: h.create_time,
      operator: approver,
      token: ev.token,
      action: ev.action,
      messageId: ev.context.open_message_id,
      chatId: ev.context.open_chat_id,
      deliveryType: ev.delivery_type,
    });
  }
  const m = e.event.message;
  return messageEnvelope(app, {
    eventId: h.event_id,
    createTime: Number(h.create_time),
    sender: lead,
    message: {
      messageId: m.message_id,
      createTime: Number(m.create_time),
      chatId: m.chat_id,
      chatType: m.chat_type,
      content: m.content,
      threadId: m.thread_id,
      userAgent: m.user_agent,
      mentions: (m.mentions ?? []).map((x: Json) => ({
        key: x.key,
        openId: x.id.open_id,
        unionId: x.id.union_id,
        userId: x.id.user_id,
        name: x.name,
      })),
    },
  });
}

describe('the simulator reproduces every published Feishu vector', () => {
  it.each(vectors.encryption.vectors as Json[])('encrypts "$name" byte for byte with the same IV', (v) => {
    const iv = Buffer.from(v.iv_hex, 'hex');
    expect(encryptEvent(v.encrypt_key, v.plaintext, iv)).toBe(v.encrypted);
    expect(JSON.stringify({ encrypt: encryptEvent(v.encrypt_key, v.plaintext, iv) })).toBe(v.http_body);
    expect(decryptEvent(v.encrypt_key, v.encrypted)).toBe(v.plaintext);
  });

  it('decrypts the Open Platform documentation vector', () => {
    const v = vectors.encryption.open_platform_doc_vector;
    expect(decryptEvent(v.encrypt_key, v.encrypted)).toBe(v.sdk_decrypt);
  });

  it.each(vectors.signature.vectors as Json[])('signature: $name', (v) => {
    const ours = signEvent(String(v.timestamp), v.nonce, v.encrypt_key, v.raw_body);
    expect(ours === v.headers_sent['x-lark-signature']).toBe(v.sdk_accepts);
    if (v.sdk_accepts) expect(ours).toBe(v.expected_signature);
  });

  it.each(vectors.events as Json[])('builds, encrypts and signs event "$name" exactly as recorded', (v) => {
    const envelope = buildEvent(v.plaintext_event);
    expect(JSON.stringify(envelope)).toBe(JSON.stringify(v.plaintext_event));
    const sealed = sealRequest(envelope, {
      encryptKey: C.ENCRYPT_KEY,
      timestamp: v.http_headers['x-lark-request-timestamp'],
      nonce: v.http_headers['x-lark-request-nonce'],
      iv: ivOf(v.http_body),
    });
    expect(sealed.body).toBe(v.http_body);
    expect(sealed.headers).toMatchObject(v.http_headers);
  });

  it('builds and seals the CardActionHandler callback vector', () => {
    const v = (vectors.card_callbacks as Json[])[0]!;
    const envelope = buildEvent(v.plaintext_event);
    expect(JSON.stringify(envelope)).toBe(JSON.stringify(v.plaintext_event));
    const sealed = sealRequest(envelope, {
      encryptKey: C.ENCRYPT_KEY,
      timestamp: v.http_headers['x-lark-request-timestamp'],
      nonce: v.http_headers['x-lark-request-nonce'],
      iv: ivOf(v.http_body),
    });
    expect(sealed.body).toBe(v.http_body);
    expect(sealed.headers['x-lark-signature']).toBe(v.http_headers['x-lark-signature']);
  });

  it.each((vectors.challenge as Json[]).filter((c) => c.kind))(
    'produces the url_verification body of $adapter/$kind',
    (c) => {
      const plain = JSON.stringify(challengeBody(C.VERIFICATION_TOKEN, 'ajls384kdjx98XX'));
      if (c.kind === 'plain') expect(c.request_body).toBe(plain);
      else
        expect(c.request_body).toBe(
          JSON.stringify({ encrypt: encryptEvent(C.ENCRYPT_KEY, plain, ivOf(c.request_body)) }),
        );
    },
  );
});
