import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key is "ag_<8 hex>_<43 base64url>": the first part is the visible prefix stored in clear to find
 * the row, the rest 256 random bits. Only SHA-256 of the whole key is stored (a slow hash adds nothing
 * for a random 256-bit secret).
 */
const KEY_PATTERN = /^(ag_[0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = `ag_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** SHA-256 of the key, hex; one-shot (every API request hashes the key it presents). */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** The prefix of a well-formed key, else null. */
export function apiKeyPrefix(presented: string): string | null {
  return KEY_PATTERN.exec(presented)?.[1] ?? null;
}

/** Constant-time comparison of two hex SHA-256 digests (the presented key's, already computed, and the stored one). */
export function hashesMatch(presentedHash: string, storedHash: string): boolean {
  const a = Buffer.from(presentedHash, 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
