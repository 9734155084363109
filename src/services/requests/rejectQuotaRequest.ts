import type { RequestDeps } from './notices.js';
import { closeQuotaRequest, type DecideInput, type DecideResult } from './closeQuotaRequest.js';

/** An approver turns a pending request down; nothing is allocated. */
export function rejectQuotaRequest(deps: RequestDeps, input: DecideInput): Promise<DecideResult> {
  return closeQuotaRequest(deps, input, 'rejected');
}
