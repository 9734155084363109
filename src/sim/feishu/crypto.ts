import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Feishu's event encryption: base64(iv ‖ AES-256-CBC-PKCS7(key = sha256(encryptKey), iv, utf8(json))).
 * The platform picks a random IV per push; tests pass one to reproduce the published vectors.
 */
export function encryptEvent(encryptKey: string, plaintext: string, iv: Buffer = randomBytes(16)): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function decryptEvent(encryptKey: string, encrypted: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const buf = Buffer.from(encrypted, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
  return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
}

/** X-Lark-Signature: hex(sha256(timestamp + nonce + encryptKey + body)) over the exact bytes sent. */
export function signEvent(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + body)
    .digest('hex');
}

export type SignedRequest = { body: string; headers: Record<string, string> };

/**
 * Serializes once, compactly (the SDK re-stringifies the parsed body before checking the signature),
 * encrypts when the app has an encrypt key, and signs exactly the bytes that go on the wire. Without
 * an encrypt key Feishu sends plaintext and no signature.
 */
export function sealRequest(
  payload: unknown,
  opts: { encryptKey?: string; timestamp: string; nonce: string; iv?: Buffer },
): SignedRequest {
  const plaintext = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-lark-request-timestamp': opts.timestamp,
    'x-lark-request-nonce': opts.nonce,
  };
  if (!opts.encryptKey) return { body: plaintext, headers };
  const body = JSON.stringify({ encrypt: encryptEvent(opts.encryptKey, plaintext, opts.iv) });
  headers['x-lark-signature'] = signEvent(opts.timestamp, opts.nonce, opts.encryptKey, body);
  return { body, headers };
}

export function randomNonce(): string {
  return randomBytes(8).toString('hex');
}
