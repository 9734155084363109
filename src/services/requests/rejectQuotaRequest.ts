import type { Deps } from '../../deps.js';
import { closeQuotaRequest, type DecideInput, type DecideResult } from './closeQuotaRequest.js';

/** An approver turns a pending request down; nothing is allocated. */
export function rejectQuotaRequest(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: DecideInput,
): Promise<DecideResult> {
  return closeQuotaRequest(deps, input, 'rejected');
}
