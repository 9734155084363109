import { createPolicy, getPolicy, listAttachedUserPolicies } from '../../volc/actions/policies.js';
import type { VolcClient } from '../../volc/client.js';
import { VolcApiError } from '../../volc/errors.js';

/** The custom policy AirGate creates once per main account and attaches in a stopped project's scope. */
export const DENY_POLICY_NAME = 'AirGateArkStopDeny';

/**
 * The actions that would undo a stop or mint new Ark credentials (ark-api.md §7, §9.8). An explicit Deny
 * beats any Allow. It does not reach inference made with an existing Bearer key (undocumented, §7): the
 * endpoints are stopped for that.
 */
export const DENIED_ACTIONS = [
  'ark:StartEndpoint',
  'ark:UpdateEndpoint',
  'ark:CreateEndpoint',
  'ark:GetApiKey',
  'ark:CreateApiKey',
  'ark:GetRawApiKey',
  'ark:UpdateApiKey',
] as const;

export const DENY_POLICY_DOCUMENT = JSON.stringify({
  Statement: [{ Effect: 'Deny', Action: [...DENIED_ACTIONS], Resource: ['*'] }],
});

/** Creates the Deny policy unless it exists (read first: the duplicate-name error code is unverified). */
export async function ensureDenyPolicy(client: VolcClient): Promise<void> {
  try {
    await getPolicy(client, { PolicyName: DENY_POLICY_NAME, PolicyType: 'Custom' });
    return;
  } catch (err) {
    // A missing policy is recognised by its HTTP 404: its error code is undocumented (volcengine-api.md).
    if (!(err instanceof VolcApiError && err.httpStatus === 404)) throw err;
  }
  try {
    await createPolicy(client, {
      PolicyName: DENY_POLICY_NAME,
      PolicyDocument: DENY_POLICY_DOCUMENT,
      Description: 'AirGate: quota used up in this project (detached when quota is allocated)',
    });
  } catch (err) {
    // Created meanwhile by another process: fine when it now exists.
    await getPolicy(client, { PolicyName: DENY_POLICY_NAME, PolicyType: 'Custom' }).catch(() => {
      throw err;
    });
  }
}

/** The projects in which the user has AirGate's Deny attached now. */
export async function denyAttachedIn(client: VolcClient, userName: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const p of await listAttachedUserPolicies(client, { UserName: userName })) {
    if (p.PolicyName !== DENY_POLICY_NAME || p.PolicyType !== 'Custom') continue;
    for (const s of p.PolicyScope)
      if (s.PolicyScopeType === 'Project' && s.ProjectName) out.add(s.ProjectName);
  }
  return out;
}
