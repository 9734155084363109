import { timingSafeEqual } from 'node:crypto';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Clock } from '../clock.js';

export type IncomingHeaders = Record<string, string | string[] | undefined>;
export type RequestKind = 'challenge' | 'event' | 'card' | 'old_card';

export type Verdict =
  | { ok: true; kind: RequestKind; plaintext: Record<string, unknown>; sdkData: Record<string, unknown> }
  | { ok: false; status: 400 | 401; reason: string };

type Checkers = {
  event: Pick<lark.EventDispatcher, 'requestHandle'>;
  card: Pick<lark.CardActionHandler, 'requestHandle'>;
};

/**
 * The checks on a POST /feishu/events request. Decryption and the signature are the SDK's own code
 * (AESCipher, RequestHandle); what the SDK does not check (see feishu-platform.md, sdk_behaviour.not_checked)
 * is checked here: the timestamp window against replays, and the verification token — which the SDK
 * never compares — on the decrypted envelope, before its flattening lets the card token overwrite it.
 */
export class FeishuRequestVerifier {
  private readonly cipher: lark.AESCipher | undefined;

  constructor(
    private readonly app: { encryptKey?: string | undefined; verificationToken?: string | undefined },
    private readonly sdk: Checkers,
    private readonly clock: Clock,
    private readonly maxSkewSeconds = 300,
  ) {
    this.cipher = app.encryptKey ? new lark.AESCipher(app.encryptKey) : undefined;
  }

  check(headers: IncomingHeaders, body: unknown): Verdict {
    if (!isObject(body)) return refuse(400, 'body is not a JSON object');
    // The SDK reads the signature headers from the prototype of the object it is given.
    const sdkData = Object.assign(Object.create({ headers }) as object, body) as Record<string, unknown>;
    const signed = header(headers, 'x-lark-signature') !== undefined;

    if (!signed) {
      // Unsigned, only the console's URL verification may pass (whether it is signed is not documented);
      // its verification token, inside the encrypted body when there is a key, vouches for it.
      const plaintext = this.decrypt(body);
      if (plaintext?.type === 'url_verification') return this.challenge(plaintext, sdkData);
      if (this.app.encryptKey) return refuse(401, 'missing signature');
    }

    const rawTs = header(headers, 'x-lark-request-timestamp');
    if (rawTs !== undefined || this.app.encryptKey) {
      const ts = Number(rawTs);
      if (!Number.isFinite(ts) || ts <= 0) return refuse(401, 'missing request timestamp');
      const skew = Math.abs(this.clock.now().getTime() / 1000 - ts);
      if (skew > this.maxSkewSeconds) return refuse(401, 'request timestamp outside the allowed window');
    }

    // The signature is checked before anything is decrypted: an unauthenticated ciphertext gets no answer
    // that depends on its content.
    const oldCard =
      !('encrypt' in body) && !('schema' in body) && 'open_message_id' in body && 'action' in body;
    if (oldCard) {
      // Old-style card callbacks are signed with sha1 over the verification token itself.
      if (!this.app.verificationToken)
        return refuse(401, 'old card callbacks need FEISHU_VERIFICATION_TOKEN');
      if (!this.sdk.card.requestHandle?.checkIsCardEventValidated(sdkData))
        return refuse(401, 'bad signature');
      return { ok: true, kind: 'old_card', plaintext: body, sdkData };
    }
    if (!this.sdk.event.requestHandle?.checkIsEventValidated(sdkData)) return refuse(401, 'bad signature');

    const plaintext = this.decrypt(body);
    if (!plaintext) return refuse(401, 'body cannot be decrypted');
    if (plaintext.type === 'url_verification') return this.challenge(plaintext, sdkData);
    const envelopeHeader = isObject(plaintext.header) ? plaintext.header : undefined;
    const token = envelopeHeader ? envelopeHeader.token : plaintext.token;
    if (!this.tokenMatches(token)) return refuse(401, 'wrong verification token');
    const type = envelopeHeader
      ? envelopeHeader.event_type
      : isObject(plaintext.event) && plaintext.event.type;
    return { ok: true, kind: type === 'card.action.trigger' ? 'card' : 'event', plaintext, sdkData };
  }

  private challenge(plaintext: Record<string, unknown>, sdkData: Record<string, unknown>): Verdict {
    if (!this.tokenMatches(plaintext.token)) return refuse(401, 'wrong verification token');
    return { ok: true, kind: 'challenge', plaintext, sdkData };
  }

  private decrypt(body: Record<string, unknown>): Record<string, unknown> | undefined {
    if (!('encrypt' in body)) return body;
    const { encrypt, ...rest } = body;
    if (!this.cipher || typeof encrypt !== 'string') return undefined;
    try {
      const inner: unknown = JSON.parse(this.cipher.decrypt(encrypt));
      return isObject(inner) ? { ...inner, ...rest } : undefined;
    } catch {
      return undefined;
    }
  }

  private tokenMatches(token: unknown): boolean {
    const expected = this.app.verificationToken;
    if (!expected) return true;
    if (typeof token !== 'string') return false;
    const a = Buffer.from(token);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function refuse(status: 400 | 401, reason: string): Verdict {
  return { ok: false, status, reason };
}

function header(headers: IncomingHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
