import type { Deps } from '../../deps.js';
import { withReader } from '../../db/repos/transaction.js';
import type { ApiKeyDto } from '../../db/repos/apiKeys.js';

/** Every key with its prefix, scopes, last use and revocation; never the key or its hash. */
export async function listApiKeys(deps: Pick<Deps, 'db' | 'repos'>): Promise<ApiKeyDto[]> {
  return withReader(deps.db, (m) => deps.repos.apiKeys.list(m));
}
