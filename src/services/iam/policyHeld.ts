import { listAttachedUserPolicies, type VolcAttachedPolicy } from '../../volc/actions/policies.js';
import type { VolcClient } from '../../volc/client.js';
import type { PolicyRef } from './validation.js';
import { volcCode } from './volcErrors.js';

/**
 * Whether a user holds `p` in a scope: account-wide (`project` null: a Global scope entry, or no scope
 * listed at all) or in one project. Volcengine's codes for "not attached" and "attached already" are not
 * documented, so AirGate decides from this listing, never from an error code.
 */
export function holds(
  held: readonly VolcAttachedPolicy[],
  p: Pick<PolicyRef, 'policyName'> & { policyType: string },
  project: string | null,
): boolean {
  return held.some(
    (h) =>
      h.PolicyName === p.policyName &&
      h.PolicyType === p.policyType &&
      (project === null
        ? h.PolicyScope.length === 0 || h.PolicyScope.some((s) => s.PolicyScopeType === 'Global')
        : h.PolicyScope.some((s) => s.PolicyScopeType === 'Project' && s.ProjectName === project)),
  );
}

/**
 * Runs an attach; if Volcengine refuses it, reads the attachments back: held in that scope means done (an
 * attach repeated, or raced), whatever code came with the refusal. `onCode` hears the code met, for the log.
 */
export async function attachOrHeld(
  client: VolcClient,
  userName: string,
  p: PolicyRef,
  project: string | null,
  attach: () => Promise<void>,
  onCode?: (code: string) => void,
): Promise<'attached' | 'held'> {
  try {
    await attach();
    return 'attached';
  } catch (err) {
    const held = await listAttachedUserPolicies(client, { UserName: userName }).catch(() => null);
    if (held && holds(held, p, project)) {
      onCode?.(volcCode(err) ?? 'unknown');
      return 'held';
    }
    throw err;
  }
}
