import { announceQuotaRequests } from './announceQuotaRequest.js';
import { expireQuotaRequests } from './expireQuotaRequests.js';
import type { RequestDeps } from './notices.js';
import { republishQuotaRequests } from './publishDecision.js';

export type RequestSweep = { expired: number; republished: number; announced: number };

/**
 * The requests' periodic catch-up: overdue requests expire (their cards say so, their requesters are
 * told), decisions whose card copies were still queued reach them, and open requests nobody could be
 * told about get their card.
 */
export async function sweepQuotaRequests(deps: RequestDeps): Promise<RequestSweep> {
  const expired = (await expireQuotaRequests(deps)).length;
  const republished = await republishQuotaRequests(deps);
  const announced = await announceQuotaRequests(deps);
  return { expired, republished, announced };
}
