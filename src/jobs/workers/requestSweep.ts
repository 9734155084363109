import type { RequestDeps } from '../../services/requests/notices.js';
import { sweepQuotaRequests } from '../../services/requests/sweepQuotaRequests.js';

/**
 * The quota requests' sweep, every minute: thin — the deps it is given, one service call (expire overdue
 * requests, publish decisions to copies delivered late, announce requests nobody could be told about), one
 * summary line in the log when it did something.
 */
export async function requestSweepJob(deps: RequestDeps): Promise<void> {
  const r = await sweepQuotaRequests(deps);
  if (r.expired + r.republished + r.announced === 0) return;
  deps.log.info({ job: 'requestSweep', ...r }, 'quota request sweep finished');
}
