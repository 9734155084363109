import type { Deps } from '../../deps.js';
import { createRepos } from '../../db/repos/index.js';
import { VolcClient, type VolcClientOptions } from '../../volc/client.js';
import { accountCredentials } from '../accounts/accountCredentials.js';

/** A Volcengine client acting as one main account (by its id in volc_accounts). */
export type VolcFactory = (accountId: string) => Promise<VolcClient>;

/**
 * Builds the client of a main account on each call: the environment's account signs with VOLC_*, a
 * stored one with its secret opened by the secret box (fails closed when it cannot be opened). Nothing
 * is cached, so a rotated key takes effect on the next use case. The client keeps the real clock: the
 * X-Date of a signature must be the wall-clock time whatever clock the rest of AirGate is given.
 */
export function createVolcFactory(
  deps: Pick<Deps, 'config' | 'log' | 'db' | 'secretBox'>,
  opts: { retry?: VolcClientOptions['retry'] } = {},
): VolcFactory {
  const repos = createRepos();
  return async (accountId) => {
    const c = await accountCredentials({ ...deps, repos }, accountId);
    return new VolcClient({
      credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
      region: c.region,
      endpoint: c.endpoint ?? deps.config.volc.endpoint,
      timeoutMs: deps.config.volc.timeoutMs,
      retry: opts.retry,
      log: deps.log,
    });
  };
}
