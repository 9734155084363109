import type { Clock } from '../clock.js';
import type { Config } from '../config/loadConfig.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Credentials } from './signer.js';
import { VolcClient, type VolcClientOptions } from './client.js';

/**
 * The main account's client from VOLC_* configuration. `credentials` replaces the configured key (a
 * per-account client); without either, the call site learns which variables to set.
 */
export function volcClientFromConfig(
  volc: Config['volc'],
  opts: {
    credentials?: Credentials;
    log?: Pick<Logger, 'debug'>;
    clock?: Clock;
    retry?: VolcClientOptions['retry'];
  } = {},
): VolcClient {
  const credentials =
    opts.credentials ??
    (volc.accessKeyId && volc.secretAccessKey
      ? { accessKeyId: volc.accessKeyId, secretAccessKey: volc.secretAccessKey }
      : undefined);
  if (!credentials) {
    throw new ConfigError('VOLC_ACCESS_KEY_ID and VOLC_SECRET_ACCESS_KEY must be set to call Volcengine');
  }
  return new VolcClient({
    credentials,
    region: volc.region,
    endpoint: volc.endpoint,
    timeoutMs: volc.timeoutMs,
    retry: opts.retry,
    log: opts.log,
    clock: opts.clock,
  });
}
