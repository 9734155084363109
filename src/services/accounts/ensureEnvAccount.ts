import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { AccountDto } from '../../db/repos/accounts.js';
import { systemActor } from '../../policies/actor.js';
import { writeAudit } from '../audit/writeAudit.js';

export const ENV_ACCOUNT_NAME = 'default';

/**
 * The single-account install: when VOLC_ACCESS_KEY_ID is set, a main account row stands for it (source
 * 'env', nothing secret stored) so sub-accounts can refer to it. Kept in step with the variables on start.
 */
export async function ensureEnvAccount(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'config'>,
): Promise<AccountDto | null> {
  const { accessKeyId, region, endpoint } = deps.config.volc;
  if (!accessKeyId) return null;
  return inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const existing = await deps.repos.accounts.findEnv(tx);
    const wanted = { accessKeyId, region, endpoint: endpoint ?? null };
    if (existing) {
      const same =
        existing.accessKeyId === accessKeyId &&
        existing.region === region &&
        existing.endpoint === wanted.endpoint;
      if (same) return existing;
      await deps.repos.accounts.updateIfVersion(tx, existing.id, existing.version, wanted, now);
      await writeAudit(deps, tx, {
        actor: systemActor,
        action: 'account.env_update',
        target: { type: 'volc_account', id: existing.id },
        before: { accessKeyId: existing.accessKeyId, region: existing.region, endpoint: existing.endpoint },
        after: wanted,
      });
      return { ...existing, ...wanted, version: existing.version + 1, updatedAt: now };
    }
    const taken = await deps.repos.accounts.findByName(tx, ENV_ACCOUNT_NAME);
    const id = randomUUID();
    const name = taken ? `env-${id.slice(0, 8)}` : ENV_ACCOUNT_NAME;
    const account = await deps.repos.accounts.insert(tx, {
      id,
      name,
      source: 'env',
      ...wanted,
      secretSealed: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await writeAudit(deps, tx, {
      actor: systemActor,
      action: 'account.env_add',
      target: { type: 'volc_account', id },
      after: { name, ...wanted },
    });
    return account;
  });
}
