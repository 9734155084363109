import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lark } from '../../src/feishu/sdk.js';
import { feishuDecipher } from '../../src/feishu/verify.js';

/** Encrypts as Feishu does: AES-256-CBC, key SHA-256(Encrypt Key), the IV prefixed, base64. */
function encrypt(encryptKey: string, plaintext: Buffer, iv = randomBytes(16)): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final()]).toString('base64');
}

/** What a decryption gives, or that it throws (the verifier refuses the body then). */
function outcome(decrypt: (s: string) => string, input: string): { text: string } | { threw: true } {
  try {
    return { text: decrypt(input) };
  } catch {
    return { threw: true };
  }
}

describe('feishuDecipher: the SDK AESCipher’s result for every input', () => {
  const keys = ['k', 'an-encrypt-key-of-32-characters!', '密钥 with spaces and ünïcödé'];

  it.each(keys)('decrypts what Feishu encrypts exactly as the SDK does (key %j)', (encryptKey) => {
    const sdk = new lark.AESCipher(encryptKey);
    const ours = feishuDecipher(encryptKey);
    const texts = [
      '',
      '{}',
      '{"schema":"2.0","header":{"event_type":"im.message.receive_v1"}}',
      '配额已用完 🚫 额度 1,234.56 元',
      ...Array.from({ length: 70 }, (_, n) => 'x'.repeat(n)), // every padding length, block edges included
      ...Array.from({ length: 20 }, () => randomBytes(40).toString('base64')),
    ];
    for (const t of texts) {
      const enc = encrypt(encryptKey, Buffer.from(t, 'utf8'));
      expect(ours(enc)).toBe(t);
      expect(ours(enc)).toBe(sdk.decrypt(enc));
    }
  });

  it('fails, or decodes to the same text, wherever the SDK does on malformed input', () => {
    const encryptKey = 'an-encrypt-key';
    const sdk = new lark.AESCipher(encryptKey);
    const ours = feishuDecipher(encryptKey);
    const good = encrypt(encryptKey, Buffer.from('{"a":"配额"}'));
    const raw = Buffer.from(good, 'base64');
    const flipped = Buffer.from(raw);
    // The plaintext is 14 bytes, so one block ending in the padding 02 02. Flipping the IV's last bit flips
    // the plaintext's (CBC): it ends in 02 03, which is not valid padding, on every run.
    flipped[15]! ^= 0x01;
    const inputs = [
      '',
      'not base64 at all!',
      raw.subarray(0, 10).toString('base64'), // shorter than the IV
      raw.subarray(0, 16).toString('base64'), // the IV alone
      raw.subarray(0, raw.length - 3).toString('base64'), // not a whole block
      flipped.toString('base64'),
      encrypt('another key', Buffer.from('{"a":1}')),
      encrypt(encryptKey, Buffer.from([0xe9, 0x85, 0x8d, 0xff, 0xc3])), // invalid UTF-8 inside
      good,
    ];
    for (const input of inputs) expect(outcome(ours, input)).toEqual(outcome((s) => sdk.decrypt(s), input));
    expect(outcome(ours, flipped.toString('base64'))).toEqual({ threw: true });
    expect(outcome(ours, good)).toEqual({ text: '{"a":"配额"}' });
  });
});
