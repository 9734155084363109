import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { ConflictError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { AccountDto } from '../../db/repos/accounts.js';
import { registerSecret } from '../../log/redact.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import {
  assertAccountName,
  assertCredentials,
  assertEndpoint,
  requireSecretBox,
  secretAad,
  type AccountInput,
} from './validation.js';

export type AddAccountInput = AccountInput & { actor: Actor; name: string; requestId?: string };

/** Stores a Volcengine main account; its SecretAccessKey is sealed with AES-256-GCM, never kept in clear. */
export async function addAccount(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'secretBox' | 'config'>,
  input: AddAccountInput,
): Promise<AccountDto> {
  const name = assertAccountName(input.name);
  const { accessKeyId, secretAccessKey } = assertCredentials(input);
  registerSecret(secretAccessKey);
  const box = requireSecretBox(deps.secretBox);
  const endpoint = assertEndpoint(input.endpoint);
  const region = input.region?.trim() || deps.config.volc.region;
  return inTransaction(deps.db, async (tx) => {
    if (await deps.repos.accounts.findByName(tx, name)) {
      throw new ConflictError({ reason: 'account_exists', params: { name } });
    }
    const id = randomUUID();
    const now = deps.clock.now();
    const account = await deps.repos.accounts.insert(tx, {
      id,
      name,
      source: 'db',
      accessKeyId,
      secretSealed: box.seal(secretAccessKey, secretAad(id)),
      region,
      endpoint,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'account.add',
      target: { type: 'volc_account', id },
      after: { name, accessKeyId, region, endpoint, keyId: box.keyId },
      requestId: input.requestId,
    });
    return account;
  });
}
