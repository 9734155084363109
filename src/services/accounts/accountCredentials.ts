import type { Deps } from '../../deps.js';
import { ConfigError, NotFoundError } from '../../errors.js';
import { withReader } from '../../db/repos/transaction.js';
import { registerSecret } from '../../log/redact.js';
import { requireSecretBox, secretAad } from './validation.js';

export type AccountCredentials = {
  accountId: string;
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  endpoint: string | null;
};

/**
 * The credentials to call Volcengine as a main account. The environment's account reads VOLC_*; a stored one
 * is opened with the secret box and fails closed (DecryptionError) when tampered with or sealed by an
 * unknown key. The opened secret is registered so no log line can print it.
 */
export async function accountCredentials(
  deps: Pick<Deps, 'db' | 'repos' | 'secretBox' | 'config'>,
  accountId: string,
): Promise<AccountCredentials> {
  const { account, sealed } = await withReader(deps.db, async (m) => ({
    account: await deps.repos.accounts.findById(m, accountId),
    sealed: await deps.repos.accounts.sealedSecret(m, accountId),
  }));
  if (!account) throw new NotFoundError({ reason: 'account_id_not_found', params: { id: accountId } });
  const base = {
    accountId: account.id,
    name: account.name,
    accessKeyId: account.accessKeyId,
    region: account.region,
    endpoint: account.endpoint,
  };
  if (account.source === 'env') {
    const secret = deps.config.volc.secretAccessKey;
    if (!secret || !deps.config.volc.accessKeyId) throw new ConfigError({ reason: 'volc_env_missing' });
    return { ...base, accessKeyId: deps.config.volc.accessKeyId, secretAccessKey: secret };
  }
  if (!sealed) throw new ConfigError({ reason: 'account_secret_missing', params: { name: account.name } });
  const secretAccessKey = requireSecretBox(deps.secretBox).open(sealed, secretAad(account.id));
  registerSecret(secretAccessKey);
  return { ...base, secretAccessKey };
}
