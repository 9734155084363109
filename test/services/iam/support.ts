import type { Deps } from '../../../src/deps.js';
import { withReader } from '../../../src/db/repos/transaction.js';
import type { SubAccountDto } from '../../../src/db/repos/subAccounts.js';
import type { CliActor } from '../../../src/policies/actor.js';
import { ensureEnvAccount } from '../../../src/services/accounts/ensureEnvAccount.js';
import { createVolcFactory } from '../../../src/services/iam/volcClients.js';
import { VolcClient } from '../../../src/volc/client.js';
import { startVolcSim, type VolcSeed, type VolcSim } from '../../../src/sim/volc/server.js';
import { openHarness, type Harness } from '../harness.js';
import type { DbKind } from '../../support/databases.js';

export const admin: CliActor = { kind: 'cli', osUser: 'tester' };
export const fastRetry = { baseDelayMs: 2, maxDelayMs: 10, maxAttempts: 3 };

export type IamHarness = Harness & { sim: VolcSim; accountId: string };

/**
 * A migrated database of the given kind and a Volcengine simulator over HTTP, wired as the single-account
 * install (VOLC_* pointing at the simulator; the main account's key unless `credentials` says otherwise),
 * with quick retries.
 */
export async function openIamHarness(
  kind: DbKind,
  seed: VolcSeed = {},
  opts: { credentials?: { accessKeyId: string; secretAccessKey: string } } = {},
): Promise<IamHarness> {
  const sim = await startVolcSim({
    seed,
    rngSeed: 7,
    clock: { mode: 'virtual', start: new Date('2026-05-01T00:00:00Z') },
  });
  const h = await openHarness(kind, {
    volc: {
      ...(opts.credentials ?? sim.credentials),
      region: 'cn-beijing',
      endpoint: sim.url,
      timeoutMs: 5_000,
    },
  });
  h.deps.volc = createVolcFactory(h.deps, { retry: fastRetry });
  const account = await ensureEnvAccount(h.deps);
  return {
    ...h,
    sim,
    accountId: account!.id,
    close: async () => {
      await h.close();
      await sim.close();
    },
  };
}

/** Points the harness at another base URL (a fault proxy in front of the simulator). */
export function useEndpoint(h: IamHarness, endpoint: string): void {
  h.deps.volc = async () => new VolcClient({ credentials: h.sim.credentials, endpoint, retry: fastRetry });
}

export async function subAccountByName(deps: Deps, userName: string): Promise<SubAccountDto> {
  const [sub] = await withReader(deps.db, (m) => deps.repos.subAccounts.findByName(m, userName));
  if (!sub) throw new Error(`no sub-account ${userName}`);
  return sub;
}

export async function auditActions(deps: Deps, targetId?: string): Promise<string[]> {
  const rows = await withReader(deps.db, (m) =>
    deps.repos.audit.list(m, { ...(targetId ? { targetId } : {}), limit: 1000 }),
  );
  return rows.map((r) => r.action).reverse();
}

/** A user's keys, login and policies as the simulator holds them. */
export function cloudUser(sim: VolcSim, userName: string) {
  const u = sim.state().users.find((x) => x.userName === userName);
  if (!u) return undefined;
  return {
    keys: Object.fromEntries(u.accessKeys.map((k) => [k.accessKeyId, k.status])),
    loginAllowed: u.loginProfile?.loginAllowed,
    policies: u.policies.map((p) =>
      'projects' in p && p.projects ? `${p.policyName}@${p.projects.join(',')}` : `${p.policyName}@global`,
    ),
  };
}

export { startFaultProxy, type FaultProxy } from '../../support/volcFaultProxy.js';
