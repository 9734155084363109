import type { RequestDeps } from './notices.js';
import { closeQuotaRequest, type DecideInput, type DecideResult } from './closeQuotaRequest.js';

/** The requester withdraws their own pending request. */
export function cancelQuotaRequest(deps: RequestDeps, input: DecideInput): Promise<DecideResult> {
  return closeQuotaRequest(deps, input, 'cancelled');
}
