import {
  ARK_TEMP_KEY_MAX_SECONDS,
  isPresetEndpointId,
  listAllArkApiKeys,
  listAllEndpoints,
  type ArkApiKey,
} from '../../volc/actions/ark.js';
import { listAttachedUserPolicies } from '../../volc/actions/policies.js';
import type { VolcClient } from '../../volc/client.js';
import { reasonOf } from './pullLever.js';

/** What in one monitored project AirGate cannot stop, as far as Volcengine lets it see. */
export type ProjectEnforceability = {
  project: string;
  /** Custom endpoints (stoppable). */
  customEndpoints: string[];
  /** Preset endpoints (`ep-m-…`, calls by Model ID): they cannot be stopped (ark-api.md §4, CERTAIN). */
  presetEndpoints: string[];
  /** Long-lived keys with "all resources" permission: they reach the preset endpoints too. */
  allResourceKeys: string[];
  /** Keys whose permission ListApiKeys did not show (the field is INFERRED, §2.3): counted as able to spend. */
  keysOfUnknownPermission: string[];
  error: string | null;
};

export type EnforceabilityReport = {
  projects: ProjectEnforceability[];
  /** Policies attached to the user account-wide: spending they allow outside the monitored projects is not counted. */
  accountWidePolicies: string[];
  /**
   * Temporary keys (GetApiKey) cannot be listed or revoked: one minted just before the stop works on a
   * preset endpoint until at most this time (30 days, §3). Whether disabling the user kills it: unverified.
   */
  temporaryKeysValidUntil: Date;
  policiesError: string | null;
};

/** Which facts of the report rest on INFERRED or UNKNOWN parts of ark-api.md (doctor prints them "unverified"). */
export const UNVERIFIED_FACTS = [
  'keyPermission',
  'tempKeysSurviveDisable',
  'denyBlocksBearer',
  'regenPlatformKeys',
  'rateLimitZero',
] as const;
export type UnverifiedFact = (typeof UNVERIFIED_FACTS)[number];

function allResources(k: ArkApiKey): boolean | null {
  if (k.AccessControlInfo?.AllowAll !== undefined) return k.AccessControlInfo.AllowAll;
  if (k.ResourceInstances.length > 0) return k.ResourceInstances.some((r) => r.ResourceType === 'all');
  return null;
}

async function projectReport(client: VolcClient, project: string): Promise<ProjectEnforceability> {
  const r: ProjectEnforceability = {
    project,
    customEndpoints: [],
    presetEndpoints: [],
    allResourceKeys: [],
    keysOfUnknownPermission: [],
    error: null,
  };
  try {
    for await (const e of listAllEndpoints(client, { ProjectName: project })) {
      if (e.ProjectName && e.ProjectName !== project) continue;
      (isPresetEndpointId(e.Id) ? r.presetEndpoints : r.customEndpoints).push(e.Id);
    }
    for await (const k of listAllArkApiKeys(client, { ProjectName: project })) {
      if (k.ProjectName && k.ProjectName !== project) continue;
      const name = k.Name ?? String(k.Id);
      const all = allResources(k);
      if (all === true) r.allResourceKeys.push(name);
      else if (all === null) r.keysOfUnknownPermission.push(name);
    }
  } catch (err) {
    r.error = reasonOf(err);
  }
  return r;
}

/** The enforceability report of one sub-account over its monitored projects (read-only calls). */
export async function enforceabilityOf(
  client: VolcClient,
  userName: string,
  projects: string[],
  now: Date,
): Promise<EnforceabilityReport> {
  const out: EnforceabilityReport = {
    projects: [],
    accountWidePolicies: [],
    temporaryKeysValidUntil: new Date(now.getTime() + ARK_TEMP_KEY_MAX_SECONDS * 1000),
    policiesError: null,
  };
  for (const p of projects) out.projects.push(await projectReport(client, p));
  try {
    for (const a of await listAttachedUserPolicies(client, { UserName: userName })) {
      if (a.PolicyScope.some((s) => s.PolicyScopeType === 'Global'))
        out.accountWidePolicies.push(a.PolicyName);
    }
  } catch (err) {
    out.policiesError = reasonOf(err);
  }
  return out;
}

/** Anything in the report that can still spend in a stopped project (for the cards' one-line summary). */
export function stillAbleToSpend(r: EnforceabilityReport): boolean {
  return (
    r.projects.some((p) => p.presetEndpoints.length > 0 || p.error !== null) ||
    r.accountWidePolicies.length > 0
  );
}
