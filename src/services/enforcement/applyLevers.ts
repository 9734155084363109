import type { EnforcementChangeDto, NewEnforcementChange } from '../../db/repos/enforcement.js';
import {
  isEndpointRunning,
  isPresetEndpointId,
  listAllArkApiKeys,
  listAllEndpoints,
  regenerateArkApiKey,
  stopEndpoint,
  updateEndpoint,
  type ArkEndpoint,
} from '../../volc/actions/ark.js';
import { attachPolicyInProject } from '../../volc/actions/projects.js';
import type { VolcClient } from '../../volc/client.js';
import { DENY_POLICY_NAME, denyAttachedIn, ensureDenyPolicy } from './denyPolicy.js';
import { pullLever, reasonOf } from './pullLever.js';
import { throttleLimit, type LadderDeps, type LadderInput, type LadderOutcome } from './types.js';
import { FencedOutError } from '../watch/lock.js';

export type LeverRun = {
  deps: LadderDeps;
  input: LadderInput;
  client: VolcClient;
  out: LadderOutcome;
  /** What is recorded for this sub-account (read at the start of the run). */
  records: EnforcementChangeDto[];
};

const recorded = (run: LeverRun, lever: string, target: string) =>
  run.records.find((r) => r.lever === lever && r.target === target);

/** One lever on one target of this sub-account's project, recorded with its previous state (see pullLever). */
const pull = (
  run: LeverRun,
  projectName: string,
  lever: NewEnforcementChange['lever'],
  target: string,
  previous: NewEnforcementChange['previous'],
  call: () => Promise<void>,
): Promise<boolean> =>
  pullLever(
    run.deps,
    run.input,
    run.out,
    {
      accountId: run.input.sub.accountId,
      subAccountId: run.input.sub.id,
      projectName,
      lever,
      target,
      previous,
    },
    call,
  );

/** A project's endpoints, or null (reported as a failure) when they cannot be listed. */
export async function projectEndpoints(run: LeverRun, project: string): Promise<ArkEndpoint[] | null> {
  try {
    const out: ArkEndpoint[] = [];
    for await (const e of listAllEndpoints(run.client, { ProjectName: project })) {
      if (!e.ProjectName || e.ProjectName === project) out.push(e);
    }
    return out;
  } catch (err) {
    if (err instanceof FencedOutError) throw err;
    run.out.failures.push({ lever: 'stop', project, target: '*', reason: reasonOf(err) });
    return null;
  }
}

const positive = (v: number | undefined) => (v !== undefined && v > 0 ? v : Infinity);

/**
 * Throttle rung: every running custom endpoint whose limit is above the configured one gets it; the
 * limit it had is recorded first (an endpoint already at or below the limit is left alone and not
 * recorded). A limit raised again by hand is lowered again (drift), keeping the first recorded value.
 */
export async function throttleProject(
  run: LeverRun,
  project: string,
  endpoints: ArkEndpoint[],
): Promise<void> {
  const limit = throttleLimit(run.input.settings);
  for (const e of endpoints) {
    if (isPresetEndpointId(e.Id)) continue;
    const mine = recorded(run, 'throttle', e.Id);
    if (!isEndpointRunning(e) && !mine) continue;
    const cur = { Rpm: positive(e.RateLimit?.Rpm), Tpm: positive(e.RateLimit?.Tpm) };
    if (cur.Rpm <= limit.Rpm && cur.Tpm <= limit.Tpm) continue;
    const next = { Rpm: Math.min(cur.Rpm, limit.Rpm), Tpm: Math.min(cur.Tpm, limit.Tpm) };
    await pull(
      run,
      project,
      'throttle',
      e.Id,
      // exactly what was shown: a field absent stays absent (null), never a 0 that may mean "block"
      {
        RateLimit: e.RateLimit ? { Rpm: e.RateLimit.Rpm ?? null, Tpm: e.RateLimit.Tpm ?? null } : null,
      },
      () => updateEndpoint(run.client, { Id: e.Id, RateLimit: next }),
    );
  }
}

/** Stop rung, endpoints: every running custom endpoint is stopped (one started again by hand, again). */
export async function stopProjectEndpoints(
  run: LeverRun,
  project: string,
  endpoints: ArkEndpoint[],
): Promise<void> {
  for (const e of endpoints) {
    if (isPresetEndpointId(e.Id) || !isEndpointRunning(e)) continue;
    await pull(run, project, 'stop', e.Id, { Status: e.Status }, () =>
      stopEndpoint(run.client, { Id: e.Id }),
    );
  }
}

/** Stop rung, IAM: AirGate's Deny policy attached in each project where it is missing (detached by hand, say). */
export async function denyProjects(run: LeverRun, projects: string[]): Promise<void> {
  let attached: Set<string>;
  try {
    attached = await denyAttachedIn(run.client, run.input.sub.userName);
  } catch (err) {
    if (err instanceof FencedOutError) throw err;
    for (const p of projects)
      run.out.failures.push({ lever: 'deny', project: p, target: p, reason: reasonOf(err) });
    return;
  }
  let ensured = false;
  for (const project of projects) {
    if (attached.has(project)) continue;
    await pull(run, project, 'deny', project, { attached: false }, async () => {
      if (!ensured) await ensureDenyPolicy(run.client);
      ensured = true;
      await attachPolicyInProject(run.client, {
        PrincipalType: 'User',
        PrincipalName: run.input.sub.userName,
        PolicyName: DENY_POLICY_NAME,
        PolicyType: 'Custom',
        ProjectName: [project],
      });
    });
  }
}

/**
 * Stop rung, opt-in: each long-lived API key of the project is regenerated once per stop (its old secret
 * dies at once). The new secret is never read: the owner fetches it from the console after re-enable.
 */
export async function regenProjectKeys(run: LeverRun, project: string): Promise<void> {
  try {
    for await (const k of listAllArkApiKeys(run.client, { ProjectName: project })) {
      if (k.ProjectName && k.ProjectName !== project) continue;
      const target = String(k.Id);
      // Regenerated once per stop; one whose call failed (still pending) is tried again.
      if (recorded(run, 'regen', target)?.state === 'applied') continue;
      await pull(run, project, 'regen', target, { Name: k.Name ?? null }, () =>
        regenerateArkApiKey(run.client, { Id: k.Id }),
      );
    }
  } catch (err) {
    if (err instanceof FencedOutError) throw err;
    run.out.failures.push({ lever: 'regen', project, target: '*', reason: reasonOf(err) });
  }
}
