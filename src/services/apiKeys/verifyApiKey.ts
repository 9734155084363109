import type { Deps } from '../../deps.js';
import { UnauthorizedError } from '../../errors.js';
import { withReader } from '../../db/repos/transaction.js';
import type { KeyForVerification, KeyedRead } from '../../db/repos/apiKeys.js';
import type { ApiKeyActor } from '../../policies/actor.js';
import { apiKeyPrefix, hashApiKey, hashesMatch } from './keyFormat.js';

const TOUCH_EVERY_MS = 60_000;
const REFUSED = { reason: 'api_key_refused' } as const;
type VerifyDeps = Pick<Deps, 'db' | 'repos' | 'clock'>;

/**
 * The actor behind a presented key. Missing, malformed, unknown, wrong and revoked keys all get the same
 * UnauthorizedError, which says nothing about the key. Every request reads the key's row (S3: a revocation
 * takes effect on the next request, whichever process made it; a cache of keys found valid was measured at
 * 0.8 statements a request less and left out for that reason).
 */
export async function verifyApiKey(deps: VerifyDeps, presented: string | undefined): Promise<ApiKeyActor> {
  const prefix = presentedPrefix(presented);
  const found = await withReader(deps.db, (m) => deps.repos.apiKeys.findForVerification(m, prefix));
  const actor = accept(presented!, found);
  const touching = touchIfDue(deps, found!);
  if (touching) await touching;
  return actor;
}

/**
 * verifyApiKey, with `read` in the same round trip as the key's row (see KeyedRead). The read's result is
 * returned only with a verified key; the caller still checks the actor's scopes before using it.
 */
export async function verifyApiKeyWith<T>(
  deps: VerifyDeps,
  presented: string | undefined,
  read: KeyedRead<T>,
): Promise<{ actor: ApiKeyActor; read: T }> {
  const prefix = presentedPrefix(presented);
  const found = await withReader(deps.db, (m) => deps.repos.apiKeys.findForVerificationWith(m, prefix, read));
  const actor = accept(presented!, found);
  const touching = touchIfDue(deps, found!);
  if (touching) await touching;
  return { actor, read: found!.read };
}

function presentedPrefix(presented: string | undefined): string {
  const prefix = presented ? apiKeyPrefix(presented) : null;
  if (!prefix) throw new UnauthorizedError(REFUSED);
  return prefix;
}

/** The actor of a found key that matches what was presented and is not revoked; else the one refusal. */
function accept(presented: string, found: KeyForVerification | null): ApiKeyActor {
  if (!found || !hashesMatch(hashApiKey(presented), found.keyHash) || found.key.revokedAt)
    throw new UnauthorizedError(REFUSED);
  return { kind: 'apiKey', keyId: found.key.id, name: found.key.name, scopes: found.key.scopes };
}

/**
 * Busy keys record their use about once a minute, not on every request: the write when it is due, else
 * nothing to wait for (undefined, not a resolved promise, on the hot path).
 */
function touchIfDue(deps: VerifyDeps, found: KeyForVerification): Promise<void> | undefined {
  const last = found.key.lastUsedAt;
  const now = deps.clock.now();
  if (last && now.getTime() - last.getTime() < TOUCH_EVERY_MS) return undefined;
  return withReader(deps.db, (m) => deps.repos.apiKeys.touch(m, found.key.id, now, TOUCH_EVERY_MS));
}
