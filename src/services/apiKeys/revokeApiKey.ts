import type { Deps } from '../../deps.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { ApiKeyDto } from '../../db/repos/apiKeys.js';
import { actorId, type Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';

/** Revokes a key by id, prefix or (active) name. The next request made with it is refused, by any process. */
export async function revokeApiKey(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: { actor: Actor; key: string; requestId?: string },
): Promise<ApiKeyDto & { alreadyRevoked: boolean }> {
  const ref = input.key.trim();
  return inTransaction(deps.db, async (tx) => {
    const byName = await deps.repos.apiKeys.findActiveByName(tx, ref);
    const found =
      (await deps.repos.apiKeys.findById(tx, ref)) ??
      (await deps.repos.apiKeys.findByPrefix(tx, ref)) ??
      (byName.length === 1 ? byName[0]! : null);
    if (!found) throw new NotFoundError({ reason: 'api_key_not_found', params: { ref } });
    if (found.revokedAt) return { ...found, alreadyRevoked: true };
    const now = deps.clock.now();
    if (!(await deps.repos.apiKeys.revoke(tx, found.id, actorId(input.actor), now))) {
      throw new ConflictError({ reason: 'api_key_just_revoked' });
    }
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'apikey.revoke',
      target: { type: 'api_key', id: found.id },
      before: { revokedAt: null },
      after: { revokedAt: now, name: found.name, prefix: found.prefix },
      requestId: input.requestId,
    });
    return { ...found, revokedAt: now, revokedBy: actorId(input.actor), alreadyRevoked: false };
  });
}
