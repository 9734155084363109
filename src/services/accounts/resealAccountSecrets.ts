import type { Deps } from '../../deps.js';
import { createSecretBox, DecryptionError } from '../../crypto/secretBox.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { Actor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';
import { requireSecretBox, secretAad } from './validation.js';

export type ResealResult = { resealed: number; alreadyCurrent: number; failed: string[] };

/**
 * After AIRGATE_ENCRYPTION_KEY changed: opens every stored secret with the current or one of the previous
 * keys and seals it again with the current one. A secret no given key opens is left alone and reported.
 */
export async function resealAccountSecrets(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'secretBox' | 'config'>,
  input: { actor: Actor; previousKeys: Buffer[]; requestId?: string },
): Promise<ResealResult> {
  const current = requireSecretBox(deps.secretBox);
  const keyring = createSecretBox(deps.config.encryptionKey!, input.previousKeys);
  return inTransaction(deps.db, async (tx) => {
    const result: ResealResult = { resealed: 0, alreadyCurrent: 0, failed: [] };
    const now = deps.clock.now();
    for (const row of await deps.repos.accounts.listSealed(tx)) {
      if (!current.needsResealing(row.secretSealed)) {
        result.alreadyCurrent++;
        continue;
      }
      let plain: string;
      try {
        plain = keyring.open(row.secretSealed, secretAad(row.id));
      } catch (err) {
        if (!(err instanceof DecryptionError)) throw err;
        result.failed.push(row.id);
        continue;
      }
      const sealed = current.seal(plain, secretAad(row.id));
      if (await deps.repos.accounts.updateIfVersion(tx, row.id, row.version, { secretSealed: sealed }, now))
        result.resealed++;
      else result.failed.push(row.id);
    }
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'account.reseal_secrets',
      target: { type: 'volc_account', id: '*' },
      after: { ...result, keyId: current.keyId },
      requestId: input.requestId,
    });
    return result;
  });
}
