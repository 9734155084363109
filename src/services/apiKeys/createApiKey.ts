import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { ConflictError, UsageError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { ApiKeyDto } from '../../db/repos/apiKeys.js';
import { registerSecret } from '../../log/redact.js';
import { API_SCOPES, actorId, type Actor, type ApiScope } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { generateApiKey } from './keyFormat.js';

export type CreateApiKeyInput = { actor: Actor; name: string; scopes: readonly string[]; requestId?: string };
/** `key` is returned this once and never stored or shown again. */
export type CreateApiKeyResult = ApiKeyDto & { key: string };

export async function createApiKey(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: CreateApiKeyInput,
): Promise<CreateApiKeyResult> {
  const name = input.name.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) {
    throw new UsageError(
      { reason: 'api_key_name_invalid' },
      {
        field: 'name',
      },
    );
  }
  const unknown = input.scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (input.scopes.length === 0 || unknown.length > 0) {
    throw new UsageError(
      {
        reason: 'scopes_invalid',
        params: { scopes: API_SCOPES.join(', ') },
      },
      { field: 'scopes' },
    );
  }
  const scopes = API_SCOPES.filter((s): s is ApiScope => input.scopes.includes(s));
  const { key, prefix, hash } = generateApiKey();
  registerSecret(key);
  return inTransaction(deps.db, async (tx) => {
    if ((await deps.repos.apiKeys.findActiveByName(tx, name)).length > 0) {
      throw new ConflictError({ reason: 'api_key_exists', params: { name } });
    }
    const now = deps.clock.now();
    const dto = await deps.repos.apiKeys.insert(tx, {
      id: randomUUID(),
      name,
      prefix,
      keyHash: hash,
      scopes,
      createdBy: actorId(input.actor),
      createdAt: now,
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
    });
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'apikey.create',
      target: { type: 'api_key', id: dto.id },
      after: { name, prefix, scopes },
      requestId: input.requestId,
    });
    return { ...dto, key };
  });
}
