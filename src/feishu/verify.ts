import { createDecipheriv, createHash, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { Lark } from './sdk.js';
import type { Clock } from '../clock.js';

export type IncomingHeaders = Record<string, string | string[] | undefined>;
export type RequestKind = 'challenge' | 'event' | 'card';

export type Verdict =
  | { ok: true; kind: RequestKind; plaintext: Record<string, unknown>; sdkData: Record<string, unknown> }
  | { ok: false; status: 400 | 401; reason: string };

type Checkers = { event: Pick<Lark.EventDispatcher, 'requestHandle'> };

/**
 * Feishu pushes an event again 15 s, 5 min, 1 h and 6 h after a failed push (4 retries, 3 s to answer
 * each). Whether a retry carries a fresh X-Lark-Request-Timestamp is not documented, so the window
 * must let a retry bearing the first push's timestamp in: 7 h 5 min 15 s + 5 × 3 s, plus clock skew.
 */
export const FEISHU_REDELIVERY_SPAN_SECONDS = 15 + 300 + 3600 + 21_600 + 5 * 3;
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;
export const DEFAULT_MAX_AGE_SECONDS = FEISHU_REDELIVERY_SPAN_SECONDS + DEFAULT_CLOCK_SKEW_SECONDS;

export type RequestWindow = {
  /** How old a request's timestamp may be: Feishu's redelivery span plus skew. */
  maxAgeSeconds?: number;
  /** How far in the future it may be (clock skew only). */
  maxSkewSeconds?: number;
};

/**
 * The checks on a POST /feishu/events request. The signature is the SDK's own code (RequestHandle), the
 * decryption its AESCipher's algorithm (feishuDecipher, below); where the SDK is lax (feishu-platform.md,
 * sdk_behaviour.not_checked) this is stricter:
 * - only the 2.0 envelope (`schema: "2.0"`) is accepted. AirGate sends only card JSON 2.0, whose clicks
 *   come as `card.action.trigger`; the old callback is signed with the verification token alone, which
 *   every decrypted event carries, so it would let anyone who saw one event act as any user;
 * - with an Encrypt Key, only `{"encrypt": …}` bodies signed with it (the SDK also takes a plaintext
 *   body when its signature matches);
 * - the timestamp header is required and checked against a window (the SDK checks neither);
 * - the verification token is compared on the decrypted envelope (the SDK never compares it), before
 *   the SDK's flattening lets the card's own `token` overwrite it.
 * Replays inside the window are stopped by the inbox (event_id is its primary key, kept longer than
 * the window); replays after it by the window, which the signature ties to the timestamp.
 */
export class FeishuRequestVerifier {
  private readonly decipher: ((encrypt: string) => string) | undefined;
  private readonly maxAge: number;
  private readonly maxSkew: number;

  constructor(
    private readonly app: { encryptKey?: string | undefined; verificationToken?: string | undefined },
    private readonly sdk: Checkers,
    private readonly clock: Clock,
    window: RequestWindow = {},
  ) {
    this.decipher = app.encryptKey ? feishuDecipher(app.encryptKey) : undefined;
    this.maxAge = window.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
    this.maxSkew = window.maxSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  }

  check(headers: IncomingHeaders, body: unknown): Verdict {
    if (!isObject(body)) return refuse(400, 'body is not a JSON object');
    // The SDK reads the signature headers from the prototype of the object it is given.
    const sdkData = Object.assign(Object.create({ headers }) as object, body) as Record<string, unknown>;
    const encrypted = Object.keys(body).length === 1 && typeof body.encrypt === 'string';
    if (this.app.encryptKey && !encrypted)
      return refuse(401, 'plaintext body refused: an Encrypt Key is configured');
    if (!this.app.encryptKey && !this.app.verificationToken)
      return refuse(401, 'neither FEISHU_ENCRYPT_KEY nor FEISHU_VERIFICATION_TOKEN is configured');

    if (header(headers, 'x-lark-signature') === undefined) {
      // Unsigned, only the console's URL verification may pass (whether it is signed is not documented);
      // its verification token, inside the encrypted body when there is a key, vouches for it.
      const plaintext = this.decrypt(body);
      if (plaintext?.type === 'url_verification') return this.challenge(plaintext, sdkData);
      if (this.app.encryptKey) return refuse(401, 'missing signature');
    }

    const stale = this.outsideWindow(header(headers, 'x-lark-request-timestamp'));
    if (stale) return refuse(401, stale);

    // The signature is checked before anything is decrypted: an unauthenticated ciphertext gets no answer
    // that depends on its content. (Without an Encrypt Key Feishu does not sign, and the SDK passes it.)
    if (!this.sdk.event.requestHandle?.checkIsEventValidated(sdkData)) return refuse(401, 'bad signature');

    const plaintext = this.decrypt(body);
    if (!plaintext) return refuse(401, 'body cannot be decrypted');
    if (plaintext.type === 'url_verification') return this.challenge(plaintext, sdkData);
    const envelope = isObject(plaintext.header) ? plaintext.header : undefined;
    if (plaintext.schema !== '2.0' || !envelope)
      return refuse(401, 'only 2.0 events and card callbacks are accepted');
    if (!this.tokenMatches(envelope.token)) return refuse(401, 'wrong verification token');
    const kind = envelope.event_type === 'card.action.trigger' ? 'card' : 'event';
    return { ok: true, kind, plaintext, sdkData };
  }

  /** A reason to refuse the timestamp, or undefined when it is inside the window. */
  private outsideWindow(raw: string | undefined): string | undefined {
    if (raw === undefined || !/^\d{1,12}$/.test(raw)) return 'missing request timestamp';
    const age = this.clock.now().getTime() / 1000 - Number(raw);
    if (age > this.maxAge || -age > this.maxSkew) return 'request timestamp outside the allowed window';
    return undefined;
  }

  private challenge(plaintext: Record<string, unknown>, sdkData: Record<string, unknown>): Verdict {
    if (!this.tokenMatches(plaintext.token)) return refuse(401, 'wrong verification token');
    return { ok: true, kind: 'challenge', plaintext, sdkData };
  }

  private decrypt(body: Record<string, unknown>): Record<string, unknown> | undefined {
    if (!('encrypt' in body)) return body;
    const { encrypt, ...rest } = body;
    if (!this.decipher || typeof encrypt !== 'string') return undefined;
    try {
      const inner: unknown = JSON.parse(this.decipher(encrypt));
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

/**
 * Decrypts an `encrypt` field as the SDK's AESCipher does (AES-256-CBC, the key the SHA-256 of the Encrypt
 * Key, the IV the first 16 bytes, PKCS#7 padding), with the same result for every input (tested against it),
 * at a seventh of its CPU: the key object is made once (the SDK hands Node a Buffer, which makes one on
 * every call) and the bytes go to the decipher as they are (the SDK converts them to hex and back).
 */
export function feishuDecipher(encryptKey: string): (encrypt: string) => string {
  const key = createSecretKey(createHash('sha256').update(encryptKey).digest());
  return (encrypt) => {
    const bytes = Buffer.from(encrypt, 'base64');
    const decipher = createDecipheriv('aes-256-cbc', key, bytes.subarray(0, 16));
    return Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString('utf8');
  };
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
