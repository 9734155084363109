import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, createSecretBox, keyIdOf } from '../../src/crypto/secretBox.js';

const SECRET = 'WkRKVmMyRnRjR3hsTFhObFkzSmxkQzFyWlhrPQ==';

describe('secret box (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const box = createSecretBox(key);

  it('opens what it sealed for the same row, and never stores the secret in clear', () => {
    const sealed = box.seal(SECRET, 'row-1');
    expect(sealed.startsWith(`v1.${box.keyId}.`)).toBe(true);
    expect(sealed).not.toContain(SECRET);
    expect(sealed).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(box.open(sealed, 'row-1')).toBe(SECRET);
  });

  it('uses a fresh nonce each time', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => box.seal(SECRET, 'r').split('.')[2]));
    expect(nonces.size).toBe(200);
  });

  it('fails closed on another row, a flipped bit, a cut value or a wrong key', () => {
    const sealed = box.seal(SECRET, 'row-1');
    expect(() => box.open(sealed, 'row-2')).toThrow(DecryptionError);
    const [v, id, nonce, body] = sealed.split('.') as [string, string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    for (const i of [0, bytes.length - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[i]! ^= 1;
      expect(() => box.open([v, id, nonce, flipped.toString('base64url')].join('.'), 'row-1')).toThrow(
        DecryptionError,
      );
    }
    expect(() => box.open([v, id, nonce, body.slice(0, 10)].join('.'), 'row-1')).toThrow(DecryptionError);
    expect(() => box.open('garbage', 'row-1')).toThrow(DecryptionError);
    const otherKeySameId = createSecretBox(randomBytes(32));
    expect(() => otherKeySameId.open(sealed, 'row-1')).toThrow(DecryptionError);
    // Same id pretending to be ours: the tag still fails.
    const forged = ['v1', otherKeySameId.keyId, nonce, body].join('.');
    expect(() => otherKeySameId.open(forged, 'row-1')).toThrow(DecryptionError);
  });

  it('keeps old values readable after a key change, and tells which need re-sealing', () => {
    const sealedOld = box.seal(SECRET, 'row-1');
    const newKey = randomBytes(32);
    const rotated = createSecretBox(newKey, [key]);
    expect(rotated.needsResealing(sealedOld)).toBe(true);
    expect(rotated.open(sealedOld, 'row-1')).toBe(SECRET);
    const resealed = rotated.seal(SECRET, 'row-1');
    expect(rotated.needsResealing(resealed)).toBe(false);
    expect(() => createSecretBox(newKey).open(sealedOld, 'row-1')).toThrow(DecryptionError);
    expect(keyIdOf(newKey)).not.toBe(keyIdOf(key));
  });

  it('says nothing secret in its errors', () => {
    try {
      createSecretBox(randomBytes(32)).open(box.seal(SECRET, 'x'), 'x');
    } catch (err) {
      expect(String((err as Error).message)).not.toContain(SECRET);
      expect(String((err as Error).message)).not.toContain(key.toString('hex'));
    }
  });
});
