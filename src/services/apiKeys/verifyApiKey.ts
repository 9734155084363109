import type { Deps } from '../../deps.js';
import { UnauthorizedError } from '../../errors.js';
import { withReader } from '../../db/repos/transaction.js';
import type { ApiKeyActor } from '../../policies/actor.js';
import { apiKeyPrefix, hashApiKey, hashesMatch } from './keyFormat.js';

const TOUCH_EVERY_MS = 60_000;
const REFUSED = { reason: 'api_key_refused' } as const;

/**
 * The actor behind a presented key. Missing, malformed, unknown, wrong and revoked keys all get the same
 * UnauthorizedError, which says nothing about the key. Every request reads the key's row (S3: a revocation
 * takes effect on the next request, whichever process made it; a cache of keys found valid was measured at
 * 0.8 statements a request less and left out for that reason).
 */
export async function verifyApiKey(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  presented: string | undefined,
): Promise<ApiKeyActor> {
  const prefix = presented ? apiKeyPrefix(presented) : null;
  if (!presented || !prefix) throw new UnauthorizedError(REFUSED);
  const hash = hashApiKey(presented);
  const found = await withReader(deps.db, (m) => deps.repos.apiKeys.findForVerification(m, prefix));
  if (!found || !hashesMatch(hash, found.keyHash) || found.key.revokedAt)
    throw new UnauthorizedError(REFUSED);
  const now = deps.clock.now();
  // Busy keys record their use about once a minute, not on every request.
  if (!found.key.lastUsedAt || now.getTime() - found.key.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
    await withReader(deps.db, (m) => deps.repos.apiKeys.touch(m, found.key.id, now, TOUCH_EVERY_MS));
  }
  return { kind: 'apiKey', keyId: found.key.id, name: found.key.name, scopes: found.key.scopes };
}
