import type { Deps } from '../../deps.js';
import { closeQuotaRequest, type DecideInput, type DecideResult } from './closeQuotaRequest.js';

/** The requester withdraws their own pending request. */
export function cancelQuotaRequest(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: DecideInput,
): Promise<DecideResult> {
  return closeQuotaRequest(deps, input, 'cancelled');
}
