import type { Deps } from '../../deps.js';
import { ConflictError, NotFoundError, UsageError } from '../../errors.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { AccountDto } from '../../db/repos/accounts.js';
import { registerSecret } from '../../log/redact.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { assertCredentials, requireSecretBox, secretAad } from './validation.js';

export type RotateAccountKeyInput = {
  actor: Actor;
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  requestId?: string;
};

/** Replaces a main account's access key pair (after it was rotated on Volcengine). */
export async function rotateAccountKey(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'secretBox'>,
  input: RotateAccountKeyInput,
): Promise<AccountDto> {
  const { accessKeyId, secretAccessKey } = assertCredentials(input);
  registerSecret(secretAccessKey);
  const box = requireSecretBox(deps.secretBox);
  return inTransaction(deps.db, async (tx) => {
    const account = await deps.repos.accounts.findByName(tx, input.name.trim());
    if (!account) throw new NotFoundError({ reason: 'account_not_found', params: { name: input.name } });
    if (account.source === 'env') {
      throw new UsageError({ reason: 'account_from_env_rotate' });
    }
    const now = deps.clock.now();
    const patch = { accessKeyId, secretSealed: box.seal(secretAccessKey, secretAad(account.id)) };
    if (!(await deps.repos.accounts.updateIfVersion(tx, account.id, account.version, patch, now))) {
      throw new ConflictError({ reason: 'account_changed' });
    }
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'account.rotate_key',
      target: { type: 'volc_account', id: account.id },
      before: { accessKeyId: account.accessKeyId },
      after: { accessKeyId, keyId: box.keyId },
      requestId: input.requestId,
    });
    return { ...account, accessKeyId, version: account.version + 1, updatedAt: now };
  });
}
