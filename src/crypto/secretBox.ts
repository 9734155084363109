import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';

/**
 * Secrets at rest (S5): AES-256-GCM with a fresh 96-bit nonce per write and the owning row's id as
 * associated data, so a ciphertext copied to another row does not open. The stored text names the key
 * that sealed it ("v1.<keyId>.<nonce>.<ciphertext+tag>", base64url), which lets a new key be introduced
 * while old values still open with the previous one until they are re-sealed.
 */
export type SecretBox = {
  /** Id of the key new values are sealed with. */
  readonly keyId: string;
  seal(plaintext: string, associatedData: string): string;
  /** Opens a sealed value; a tampered value, another row's value or an unknown key throws DecryptionError. */
  open(sealed: string, associatedData: string): string;
  /** True when the value was sealed with another key than the current one. */
  needsResealing(sealed: string): boolean;
};

export class DecryptionError extends AppError {
  readonly code = 'decryption_failed';
}

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A short public id for a key: not the key, not reversible (a hash prefix with a fixed label). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('airgate-secret-box-key-id\0').update(key).digest('hex').slice(0, 12);
}

export function createSecretBox(current: Buffer, previous: readonly Buffer[] = []): SecretBox {
  for (const k of [current, ...previous]) {
    if (k.length !== 32) throw new RangeError('AES-256-GCM needs a 32-byte key');
  }
  const keyId = keyIdOf(current);
  const keys = new Map<string, Buffer>([[keyId, current]]);
  for (const k of previous) if (!keys.has(keyIdOf(k))) keys.set(keyIdOf(k), k);

  return {
    keyId,
    seal(plaintext, associatedData) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return [VERSION, keyId, nonce.toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed, associatedData) {
      const parts = sealed.split('.');
      const [version, id, nonceText, bodyText] = parts;
      if (parts.length !== 4 || version !== VERSION || !id || !nonceText || !bodyText) {
        throw new DecryptionError({ reason: 'sealed_malformed' });
      }
      const key = keys.get(id);
      if (!key) throw new DecryptionError({ reason: 'sealed_unknown_key', params: { keyId: id } });
      const nonce = Buffer.from(nonceText, 'base64url');
      const body = Buffer.from(bodyText, 'base64url');
      if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) {
        throw new DecryptionError({ reason: 'sealed_malformed' });
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(associatedData, 'utf8'));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new DecryptionError({ reason: 'sealed_tampered' });
      }
    },
    needsResealing(sealed) {
      return sealed.split('.')[1] !== keyId;
    },
  };
}
